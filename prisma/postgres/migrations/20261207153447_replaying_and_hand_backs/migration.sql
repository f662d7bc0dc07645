-- AlterEnum
ALTER TYPE "ExceptionReason" ADD VALUE 'HANDED_BACK';

-- AlterEnum
ALTER TYPE "ExceptionStatus" ADD VALUE 'REPLAYING';

