// Import boundaries, checked by `npm test` (scripts/test.sh runs `depcruise`).
// - Only media/ imports mediasoup; media/ takes nothing from the server but the vocabulary.
// - The client imports from the server only the shared vocabulary (code) and wire types (type-only, from the
//   event map and the domains' index.ts).
// - A server domain imports another domain only through its index.ts (its public surface).
// - server/vocabulary imports nothing of ours.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'mediasoup-only-in-media',
      comment: 'mediasoup is used behind media/index.ts only',
      severity: 'error',
      from: { pathNot: '^media/' },
      to: { path: 'node_modules/mediasoup/' },
    },
    {
      name: 'media-independent-of-server',
      comment: 'media/ is handed typed options; from the server it takes only the vocabulary',
      severity: 'error',
      from: { path: '^media/' },
      to: { path: '^server/', pathNot: '^server/vocabulary/' },
    },
    {
      name: 'client-only-vocabulary-and-wire-types',
      comment: 'the browser app imports the shared vocabulary and the wire types, nothing else of the server',
      severity: 'error',
      from: { path: '^client/' },
      to: {
        path: '^(server|media)/',
        pathNot: ['^server/vocabulary/', '^server/realtime/events\\.ts$', '^server/[^/]+/index\\.ts$', '^server/errors\\.ts$'],
      },
    },
    {
      name: 'client-types-only-from-server',
      comment: 'of the wire types and schemas the client takes types only (nothing of the server runs in the browser but the vocabulary)',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^server/', pathNot: '^server/vocabulary/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'vocabulary-is-a-leaf',
      comment: 'the vocabulary is pure data shared by everyone: it imports nothing of ours',
      severity: 'error',
      from: { path: '^server/vocabulary/' },
      to: { path: '^(server|media|client)/', pathNot: '^server/vocabulary/' },
    },
    {
      name: 'domains-through-index',
      comment: 'a domain folder is entered through its index.ts; its other files are its own',
      severity: 'error',
      from: { path: '^server/([^/]+)/' },
      to: {
        path: '^server/([^/]+)/[^/]+\\.ts$',
        pathNot: [
          '^server/$1/',
          '^server/[^/]+/index\\.ts$',
          '^server/(vocabulary|realtime|http|db|security|types)/',
        ],
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      comment: 'a cycle counts when every hop in it is a runtime import (a type-only hop back is no cycle at run time)',
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
