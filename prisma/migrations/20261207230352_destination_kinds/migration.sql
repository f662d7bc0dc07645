-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Destination" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'WEBHOOK',
    "settings" JSONB,
    "url" TEXT NOT NULL,
    "signingSecret" TEXT NOT NULL,
    "timeoutMs" INTEGER NOT NULL DEFAULT 5000,
    "maxAttempts" INTEGER NOT NULL DEFAULT 6,
    "backoffBaseMs" INTEGER NOT NULL DEFAULT 1000,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "circuitState" TEXT NOT NULL DEFAULT 'CLOSED',
    "circuitOpenedAt" DATETIME,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Destination" ("active", "backoffBaseMs", "circuitOpenedAt", "circuitState", "consecutiveFailures", "createdAt", "id", "key", "maxAttempts", "name", "signingSecret", "timeoutMs", "updatedAt", "url") SELECT "active", "backoffBaseMs", "circuitOpenedAt", "circuitState", "consecutiveFailures", "createdAt", "id", "key", "maxAttempts", "name", "signingSecret", "timeoutMs", "updatedAt", "url" FROM "Destination";
DROP TABLE "Destination";
ALTER TABLE "new_Destination" RENAME TO "Destination";
CREATE UNIQUE INDEX "Destination_key_key" ON "Destination"("key");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

