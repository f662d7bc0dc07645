import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A private Dovecot IMAP server for tests: its own config, passwd-file and
 * maildir in a temp directory, listening on 127.0.0.1 on a free port, with
 * plaintext LOGIN allowed (loopback only). Runs as the current user; when
 * that is root (CI containers), mail is served as `nobody`, since Dovecot
 * refuses to run a mail session as root.
 */

export const DOVECOT = "/usr/sbin/dovecot";
export const hasDovecot = () => fs.existsSync(DOVECOT);

export type TDovecot = {
  host: string;
  port: number;
  user: string;
  password: string;
  dir: string;
  /** Writes a message into the user's INBOX as a maildir file (flags: maildir letters, "S" = seen). */
  deliver: (raw: string, flags?: string) => void;
  /** Stops the server (SIGTERM to its master process) and removes the directory. */
  stop: () => Promise<void>;
  /** Stops it and starts it again on the same port and maildir (a restart). */
  restart: () => Promise<void>;
  /** Stops the server but keeps its maildir (deliver still works); `start` brings it back. */
  halt: () => Promise<void>;
  /** False between `halt()` and `start()`. */
  running: () => boolean;
  /** Starts a halted server again on the same port and maildir. */
  start: () => Promise<void>;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitForGreeting(port: number, deadlineMs = 10_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, "127.0.0.1");
      sock.once("data", (d) => {
        sock.destroy();
        resolve(d.toString().startsWith("* OK"));
      });
      sock.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`dovecot did not answer on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startDovecot(): Promise<TDovecot> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-dovecot-"));
  const port = await freePort();
  const me = os.userInfo();
  const asRoot = me.uid === 0;
  const uid = asRoot ? 65534 : me.uid;
  const gid = asRoot ? 65534 : me.gid;
  const loginUser = asRoot ? "nobody" : me.username;
  const user = "leads";
  const password = "imap-test-password";
  // mkdtemp makes it 0700; as root the auth and mail processes run as nobody and must enter it.
  if (asRoot) fs.chmodSync(dir, 0o755);
  for (const d of ["run", "state", "mail", "home"]) fs.mkdirSync(path.join(dir, d));
  fs.writeFileSync(
    path.join(dir, "passwd"),
    `${user}:{PLAIN}${password}:${uid}:${gid}::${path.join(dir, "home")}::\n`,
  );
  const conf = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = ${loginUser}
default_internal_user = ${loginUser}
${asRoot ? "default_internal_group = nogroup" : ""}
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/passwd
}
mail_location = maildir:${dir}/mail/%u
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`;
  const confPath = path.join(dir, "dovecot.conf");
  fs.writeFileSync(confPath, conf);
  const inbox = path.join(dir, "mail", user);
  for (const d of ["cur", "new", "tmp"]) fs.mkdirSync(path.join(inbox, d), { recursive: true });
  const own = (p: string) => {
    if (!asRoot) return;
    fs.chownSync(p, uid, gid);
    if (fs.statSync(p).isDirectory()) for (const f of fs.readdirSync(p)) own(path.join(p, f));
  };
  own(path.join(dir, "mail"));
  own(path.join(dir, "home"));

  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(DOVECOT, ["-F", "-c", confPath], { stdio: "ignore" });
    await waitForGreeting(port);
  };
  const stopServer = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once("exit", () => resolve());
      c.kill("SIGTERM");
    });
  };
  await start();
  let n = 0;
  return {
    host: "127.0.0.1",
    port,
    user,
    password,
    dir,
    deliver(raw, flags = "") {
      const name = `${Date.now()}.${process.pid}_${n++}.baton-test`;
      const tmp = path.join(inbox, "tmp", name);
      fs.writeFileSync(tmp, raw.replace(/\r?\n/g, "\n"));
      const final = flags
        ? path.join(inbox, "cur", `${name}:2,${flags}`)
        : path.join(inbox, "new", name);
      fs.renameSync(tmp, final);
      own(final);
    },
    async stop() {
      await stopServer();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await stopServer();
      await start();
    },
    halt: stopServer,
    running: () => child !== null,
    start,
  };
}
