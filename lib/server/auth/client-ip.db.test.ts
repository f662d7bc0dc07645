import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { uniq } from "@/test/factories";
import { CLIENT_IP_HEADER, clientIp, stampClientIp } from "./client-ip";
import { recordSignInFailure } from "./throttle";

/**
 * A server shaped like server.ts: stamp first, then hand the request on. Here
 * "on" records a failed sign-in with clientIp(), as the sign-in path does.
 */
let server: http.Server;
let port: number;
let trustProxy = false;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    stampClientIp(req, trustProxy);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const email = new URL(req.url ?? "/", "http://x").searchParams.get("email") ?? "";
    void recordSignInFailure(email, clientIp(headers), "bad_password").then(() =>
      res.end(clientIp(headers)),
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const saved = { trust: env.TRUST_PROXY, stamps: env.BATON_STAMPS_CLIENT_IP };
afterEach(() => {
  env.TRUST_PROXY = saved.trust;
  env.BATON_STAMPS_CLIENT_IP = saved.stamps;
  trustProxy = false;
});

/** Raw HTTP/1.1, so repeated header lines reach the server exactly as an attacker sends them. */
function rawGet(path: string, headerLines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.write(
        [
          `GET ${path} HTTP/1.1`,
          "Host: 127.0.0.1",
          "Connection: close",
          ...headerLines,
          "",
          "",
        ].join("\r\n"),
      );
    });
    let data = "";
    socket.on("data", (d) => (data += d.toString()));
    socket.on("end", () => resolve(data.split("\r\n\r\n").slice(1).join("\r\n\r\n")));
    socket.on("error", reject);
  });
}

describe("client IP", () => {
  it("without a trusted proxy, records the socket address whatever X-Forwarded-For says", async () => {
    env.BATON_STAMPS_CLIENT_IP = true;
    const emails: string[] = [];
    for (let i = 0; i < 5; i++) {
      const email = `${uniq()}@test.example`;
      emails.push(email);
      await rawGet(`/?email=${encodeURIComponent(email)}`, [
        `X-Forwarded-For: 203.0.113.${i + 1}`,
        `X-Forwarded-For: 198.51.100.${i + 1}`,
        `${CLIENT_IP_HEADER}: 192.0.2.${i + 1}`,
        `${CLIENT_IP_HEADER}: 192.0.2.200`,
      ]);
    }
    const rows = await db.loginAttempt.findMany({ where: { email: { in: emails } } });
    expect(rows).toHaveLength(5);
    // One key for all five, so the per-IP limit counts them together.
    expect(new Set(rows.map((r) => r.ip))).toEqual(new Set(["127.0.0.1"]));
  });

  it("behind a trusted proxy, takes the entry the proxy appended (the last), never the client's", async () => {
    env.BATON_STAMPS_CLIENT_IP = true;
    trustProxy = true;
    expect(await rawGet("/", ["X-Forwarded-For: 6.6.6.6, 203.0.113.9"])).toBe("203.0.113.9");
    expect(await rawGet("/", ["X-Forwarded-For: 6.6.6.6", "X-Forwarded-For: 203.0.113.10"])).toBe(
      "203.0.113.10",
    );
    expect(await rawGet("/", ["X-Forwarded-For: ::ffff:203.0.113.11"])).toBe("203.0.113.11");
    // Not an address: the socket's, not the text.
    expect(await rawGet("/", ["X-Forwarded-For: 6.6.6.6, not-an-ip"])).toBe("127.0.0.1");
    expect(await rawGet("/", [`${CLIENT_IP_HEADER}: 192.0.2.1`])).toBe("127.0.0.1");
  });

  it("never reads X-Forwarded-For without a trusted proxy, and ignores an unstamped header", () => {
    env.TRUST_PROXY = false;
    env.BATON_STAMPS_CLIENT_IP = true;
    const forged = new Headers({ "x-forwarded-for": "6.6.6.6, 7.7.7.7" });
    expect(clientIp(forged)).toBe("unknown");
    expect(clientIp({ [CLIENT_IP_HEADER]: "10.1.2.3", "x-forwarded-for": "7.7.7.7" })).toBe(
      "10.1.2.3",
    );
    // Served without server.ts (`next start`): the header is the client's own text.
    env.BATON_STAMPS_CLIENT_IP = false;
    expect(clientIp(new Headers({ [CLIENT_IP_HEADER]: "10.1.2.3" }))).toBe("unknown");
    env.TRUST_PROXY = true;
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6, 10.9.8.7" }))).toBe("10.9.8.7");
  });
});
