// Node resolve hook for the production server (server.ts). Domain modules
// start with `import "server-only"`, a marker that throws unless resolved with
// the "react-server" condition (as Next's server bundles do). The server
// loads lib/ingest outside Next's bundler, so the marker alone is resolved
// with that condition; everything else (React, Next) resolves as usual.
export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only") {
    return nextResolve(specifier, {
      ...context,
      conditions: [...context.conditions, "react-server"],
    });
  }
  return nextResolve(specifier, context);
}
