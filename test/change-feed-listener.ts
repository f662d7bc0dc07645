// A stand-in for one web process in the cross-process change-feed test: it
// subscribes to the process-wide change feed and prints each change as a JSON
// line. Run with `node --conditions=react-server --import tsx`.
import { changeFeed } from "../lib/server/change-feed";

changeFeed.subscribe((changes) => {
  for (const c of changes) process.stdout.write(`${JSON.stringify(c)}\n`);
});
// LISTEN is issued asynchronously on the first subscription.
void changeFeed.listening.then(() => process.stdout.write("ready\n"));
