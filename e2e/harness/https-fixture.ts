import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HOSTS = ['drive.google.com', 'onedrive.live.com', 'hypomos-test.sharepoint.com', 'localhost'];

/** A self-signed certificate for the real host names (made once per machine with openssl). */
export function fixtureCertificate(): { key: Buffer; cert: Buffer } {
  const dir = join(tmpdir(), 'hypomos-fixture-cert-v1');
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  if (!existsSync(cert)) {
    mkdirSync(dir, { recursive: true });
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '3650',
        '-subj',
        '/CN=hypomos-fixture',
        '-keyout',
        key,
        '-out',
        cert,
        '-addext',
        `subjectAltName=${HOSTS.map((h) => `DNS:${h}`).join(',')}`,
      ],
      { stdio: 'ignore' },
    );
  }
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

export interface HttpsFixture {
  port: number;
  server: Server;
  close: () => Promise<void>;
}

export async function startHttpsFixture(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<HttpsFixture> {
  const server = createServer(fixtureCertificate(), handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
