import { describe, expect, it } from "vitest";
import { blockedAddress, blockedUrlHost, parseAllowList, refusalMessage } from "./outbound-guard";

const none = parseAllowList("");
const label = (ip: string, allow = none, host?: string) => blockedAddress(ip, allow, host)?.label;

describe("blockedAddress", () => {
  it.each([
    ["127.0.0.1", "a loopback address"],
    ["127.255.0.9", "a loopback address"],
    ["::1", "a loopback address"],
    ["10.0.0.5", "a private address"],
    ["172.16.3.4", "a private address"],
    ["192.168.1.1", "a private address"],
    ["169.254.169.254", "a cloud metadata address"],
    ["169.254.10.10", "a link-local address"],
    ["fd00:ec2::254", "a cloud metadata address"],
    ["168.63.129.16", "a cloud metadata address"],
    ["100.100.100.200", "a cloud metadata address"],
    ["fe80::1", "a link-local address"],
    ["fd00::1", "a unique-local address"],
    ["fc12:3456::1", "a unique-local address"],
    ["0.0.0.0", "an unspecified address"],
    ["::", "an unspecified address"],
    ["255.255.255.255", "a broadcast address"],
    ["224.0.0.1", "a multicast address"],
    ["ff02::1", "a multicast address"],
    ["100.64.0.1", "a carrier-grade NAT address"],
    ["198.18.0.1", "a reserved address"],
    ["192.0.2.10", "a reserved address"],
    ["240.0.0.1", "a reserved address"],
    ["2001:db8::1", "a reserved address"],
    ["2001::1", "a Teredo tunnel address"],
    // IPv4 inside IPv6: mapped, translated, NAT64, 6to4, IPv4-compatible.
    ["::ffff:127.0.0.1", "a loopback address"],
    ["::ffff:7f00:1", "a loopback address"],
    ["::ffff:a9fe:a9fe", "a cloud metadata address"],
    ["::ffff:0:a00:5", "a private address"],
    ["64:ff9b::a00:5", "a private address"],
    ["64:ff9b:1::1", "a reserved address"],
    ["2002:c0a8:101::1", "a private address"],
    ["::7f00:1", "a reserved address"],
    ["::808:808", "a reserved address"],
  ])("refuses %s as %s", (ip, expected) => {
    expect(label(ip)).toBe(expected);
  });

  it.each([
    "8.8.8.8",
    "93.184.215.14",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::1",
  ])("lets the public address %s through", (ip) => {
    expect(blockedAddress(ip, none)).toBeNull();
  });

  it("admits what the allow-list names: CIDRs, single IPs, mapped forms and host names", () => {
    const allow = parseAllowList(" 127.0.0.1/32, ::1 ,10.0.0.0/8,Internal.Example.");
    expect(label("127.0.0.1", allow)).toBeUndefined();
    expect(label("127.0.0.2", allow)).toBe("a loopback address");
    expect(label("::1", allow)).toBeUndefined();
    expect(label("10.200.3.4", allow)).toBeUndefined();
    expect(label("::ffff:10.1.2.3", allow)).toBeUndefined();
    expect(label("192.168.0.1", allow)).toBe("a private address");
    expect(label("192.168.0.1", allow, "internal.example")).toBeUndefined();
    expect(label("192.168.0.1", allow, "INTERNAL.example.")).toBeUndefined();
    expect(label("192.168.0.1", allow, "other.example")).toBe("a private address");
  });

  it("never unlocks a metadata service through a broad CIDR, only by naming it", () => {
    expect(label("169.254.169.254", parseAllowList("169.254.0.0/16"))).toBe(
      "a cloud metadata address",
    );
    expect(label("169.254.10.10", parseAllowList("169.254.0.0/16"))).toBeUndefined();
    expect(label("169.254.169.254", parseAllowList("169.254.169.254"))).toBeUndefined();
    expect(label("fd00:ec2::254", parseAllowList("fc00::/7"))).toBe("a cloud metadata address");
  });

  it("says what was refused and what to set", () => {
    const b = blockedAddress("10.0.0.5", none)!;
    expect(refusalMessage(b, true)).toBe(
      "destination resolves to a private address 10.0.0.5; add it to BATON_OUTBOUND_ALLOW to allow it",
    );
  });
});

describe("parseAllowList", () => {
  it("refuses entries that are neither CIDR, IP nor host name", () => {
    expect(() => parseAllowList("10.0.0.0/33")).toThrow(/not a valid CIDR/);
    expect(() => parseAllowList("x.example:8080")).toThrow(/neither/);
    expect(() => parseAllowList("a b")).toThrow(/neither/);
    expect(parseAllowList("").nets).toEqual([]);
  });
});

describe("blockedUrlHost (creation time)", () => {
  // The WHATWG parser normalises every IPv4 spelling before the guard sees it.
  const loopback = "a loopback address";
  it.each([
    ["http://169.254.169.254/latest/meta-data/", "a cloud metadata address"],
    ["http://10.0.0.5/", "a private address"],
    ["http://192.168.0.10:8080/x", "a private address"],
    ["http://127.0.0.1/", loopback],
    ["http://0x7f000001/", loopback],
    ["http://2130706433/", loopback],
    ["http://0177.0.0.1/", loopback],
    ["http://127.1/", loopback],
    ["http://0x7f.1/", loopback],
    ["http://127.0.0.1./", loopback],
    ["http://%31%32%37.0.0.1/", loopback],
    ["http://0/", "an unspecified address"],
    ["http://0xA9FEA9FE/", "a cloud metadata address"],
    ["http://[::1]/", loopback],
    ["http://[fd00::1]/", "a unique-local address"],
    ["http://[fd00:ec2::254]/", "a cloud metadata address"],
    ["http://[::ffff:7f00:1]/", loopback],
    ["http://[::ffff:127.0.0.1]/", loopback],
    ["http://[::ffff:169.254.169.254]/", "a cloud metadata address"],
    ["http://[0:0:0:0:0:ffff:a00:5]/", "a private address"],
    ["http://[fe80::1]/", "a link-local address"],
    ["http://[::]/", "an unspecified address"],
    ["https://localhost:8443/", loopback],
    ["http://api.LOCALHOST/", loopback],
  ])("refuses %s (%s)", (url, expected) => {
    expect(blockedUrlHost(new URL(url), none)?.label).toBe(expected);
  });

  it("leaves host names to connection time and lets public literals through", () => {
    expect(blockedUrlHost(new URL("https://hooks.example.com/x"), none)).toBeNull();
    expect(blockedUrlHost(new URL("http://8.8.8.8/"), none)).toBeNull();
    expect(blockedUrlHost(new URL("http://[2606:4700::1111]/"), none)).toBeNull();
  });

  it("lets allow-listed literals through", () => {
    const allow = parseAllowList("127.0.0.0/8,::1");
    expect(blockedUrlHost(new URL("http://0x7f000001:4010/hook"), allow)).toBeNull();
    expect(blockedUrlHost(new URL("http://[::1]/"), allow)).toBeNull();
    expect(blockedUrlHost(new URL("http://localhost/"), allow)).toBeNull();
    expect(blockedUrlHost(new URL("http://10.0.0.5/"), allow)).not.toBeNull();
  });
});
