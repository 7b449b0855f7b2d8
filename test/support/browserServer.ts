// One platform (with the built client) and one Debian Chromium per e2e file, started and stopped
// around the file's tests. Call at the top level of a test file.
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium, type LaunchedBrowser } from '../../server/cli/browser';
import { startTestServer, type TestServer, type TestServerOptions } from './testServer';

export const ARTIFACTS = path.resolve(__dirname, '..', '..', 'artifacts', 'e2e');

export function useBrowserServer(opts: () => TestServerOptions = () => ({})): {
  readonly server: TestServer;
  readonly chromium: LaunchedBrowser;
} {
  let server: TestServer | undefined;
  let chromium: LaunchedBrowser | undefined;
  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer({ workers: 1, withClient: true, ...opts() });
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('server not started');
      return server;
    },
    get chromium() {
      if (!chromium) throw new Error('browser not started');
      return chromium;
    },
  };
}
