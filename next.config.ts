import type { NextConfig } from "next";
import { securityHeaders } from "./lib/server/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // undici: outbound requests use its own fetch and Agent (lib/server/net), loaded as is.
  serverExternalPackages: ["@node-rs/argon2", "pino", "better-sqlite3", "pg", "undici"],
  experimental: { authInterrupts: true },
  // Type checking is its own gate in the test command (`npm run typecheck`,
  // tests included); the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  // Pages get their headers, with a per-request nonce CSP, from the proxy
  // (proxy.ts). These are the answers the proxy does not see: the API
  // (including the ingest route it skips), Next's static files and the favicon.
  async headers() {
    return ["/api/:path*", "/_next/:path*", "/favicon.ico"].map((source) => ({
      source,
      headers: securityHeaders(),
    }));
  },
};

export default nextConfig;
