import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildConnector } from "undici";
import { createOutboundAgent, outboundError, outboundFetch, type TResolve } from "./outbound-fetch";
import { BLOCKED_ADDRESS, OutboundBlockedError, parseAllowList } from "./outbound-guard";

/**
 * Resolution-time checks with a stubbed resolver. No test here sends a packet
 * beyond loopback: refusals run against a tripwire connector that records
 * any attempt and fails it, and only 127.0.0.1 is ever really connected to.
 */
const loopbackAllowed = parseAllowList("127.0.0.0/8");
const noneAllowed = parseAllowList("");

const resolvesTo =
  (...addresses: string[]): TResolve =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

function tripwire() {
  const attempts: string[] = [];
  const connect: buildConnector.connector = (opts, cb) => {
    attempts.push(opts.hostname);
    cb(new Error("tripwire: the guard let a connection through"), null);
  };
  return { attempts, connect };
}

const post = { method: "POST", headers: {}, body: "{}", timeoutMs: 2_000 };

async function refusal(url: string, resolve: TResolve, allow = noneAllowed) {
  const trip = tripwire();
  const agent = createOutboundAgent({ resolve, allowList: () => allow, connect: trip.connect });
  try {
    const e = await outboundFetch(url, post, agent).then(
      () => null,
      (err: unknown) => err,
    );
    return { e, attempts: trip.attempts };
  } finally {
    await agent.close();
  }
}

let receiver: http.Server;
let port: number;
const seen: { host?: string; body: string }[] = [];
beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ host: req.headers.host, body });
      if (req.url === "/bounce") {
        res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      } else res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  port = (receiver.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

describe("outboundFetch: the connection-time guard", () => {
  it.each([
    ["10.0.0.5", "destination resolves to a private address 10.0.0.5"],
    ["169.254.169.254", "destination resolves to a cloud metadata address 169.254.169.254"],
    ["::1", "destination resolves to a loopback address ::1"],
    ["fd00:ec2::254", "destination resolves to a cloud metadata address fd00:ec2::254"],
    ["::ffff:192.168.0.7", "destination resolves to a private address"],
  ])("refuses a name resolving to %s before any connect", async (address, message) => {
    const { e, attempts } = await refusal("http://rebind.example/hook", resolvesTo(address));
    expect(attempts).toEqual([]);
    expect((e as Error).cause).toBeInstanceOf(OutboundBlockedError);
    expect(outboundError(e)).toEqual({
      code: BLOCKED_ADDRESS,
      message: expect.stringContaining(message),
    });
    expect(outboundError(e).message).toMatch(/add it to BATON_OUTBOUND_ALLOW to allow it$/);
  });

  it("refuses a name with one public and one private address (every address is checked)", async () => {
    const { e, attempts } = await refusal(
      "https://mixed.example/",
      resolvesTo("93.184.215.14", "10.0.0.5"),
    );
    expect(attempts).toEqual([]);
    expect(outboundError(e).message).toContain("10.0.0.5");
  });

  it("refuses literal addresses, which Node would never pass to a lookup hook", async () => {
    const never: TResolve = async () => {
      throw new Error("a literal must not be resolved");
    };
    for (const url of ["http://10.0.0.5/", "http://[::1]:8080/", "http://0x7f000001/"]) {
      const { e, attempts } = await refusal(url, never);
      expect(attempts, url).toEqual([]);
      expect(outboundError(e).code, url).toBe(BLOCKED_ADDRESS);
      expect(outboundError(e).message, url).toMatch(/^destination is a (private|loopback) address/);
    }
  });

  it("reaches a local receiver through a name resolving to allow-listed 127.0.0.1", async () => {
    const agent = createOutboundAgent({
      resolve: resolvesTo("127.0.0.1"),
      allowList: () => loopbackAllowed,
    });
    try {
      const res = await outboundFetch(
        `http://receiver.test:${port}/hook`,
        { ...post, body: '{"n":1}' },
        agent,
      );
      expect(res.status).toBe(204);
      // Connected to the checked address; the request still names the host it was sent to.
      expect(seen.at(-1)).toEqual({ host: `receiver.test:${port}`, body: '{"n":1}' });
    } finally {
      await agent.close();
    }
  });

  it("answers a redirect as it is, never following it", async () => {
    const agent = createOutboundAgent({ allowList: () => loopbackAllowed });
    try {
      const res = await outboundFetch(`http://127.0.0.1:${port}/bounce`, post, agent);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toContain("169.254.169.254");
    } finally {
      await agent.close();
    }
  });

  it("refuses loopback too when the allow-list does not name it", async () => {
    const { e, attempts } = await refusal(`http://127.0.0.1:${port}/hook`, resolvesTo());
    expect(attempts).toEqual([]);
    expect(outboundError(e).message).toMatch(/^destination is a loopback address 127.0.0.1/);
  });
});
