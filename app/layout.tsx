import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Baton", template: "%s · Baton" },
  description: "Handoffs and exception queues for operations teams",
};

// Every page renders per request, never at build time: the proxy's CSP nonce
// exists only then, and a prerendered page (the 404, for one) would carry
// scripts without it, which the browser refuses to run.
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
