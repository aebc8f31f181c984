// A cabinet that texts through a real SMS gateway: an HTTP server in the test process on
// 127.0.0.1, behind an SMS channel (routed to residents by default). Specs read the codes it got.
import { startHttpServer, type HttpTestServer } from '../integration/notify-servers';
import { test } from './harness';

export const testWithSmsGateway = test.extend<{ gateway: HttpTestServer }>({
  // eslint-disable-next-line no-empty-pattern
  gateway: async ({}, use) => {
    const server = await startHttpServer();
    await use(server);
    await server.close();
  },
  cabinetConfig: async ({ gateway }, use) =>
    use({
      notifications: {
        channels: [{ type: 'sms', id: 'sms-gateway', url: `${gateway.url}/sms`, body: '{"to":"{{phone}}","content":"{{text}}","code":"{{code}}"}', success: { jsonPath: 'result.code', equals: 0 } }],
        digest: { enabled: false },
      },
    }),
});
