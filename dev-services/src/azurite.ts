import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accountSas, type HmacSha256, SAS_VERSION, serviceSas } from '@hypomos/shared/providers/azure-sas';
import { sharedKeyHeaders } from '@hypomos/shared/providers/azure-shared-key';
import type { SeedFile } from './contract/media-store';
import { freePort } from './ports';

/** The emulator's documented well-known development account. */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export const nodeHmac: HmacSha256 = async (key, message) =>
  createHmac('sha256', Buffer.from(key, 'base64')).update(message, 'utf8').digest('base64');

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');

export interface AzuriteContainer {
  name: string;
  /** `http://127.0.0.1:port/devstoreaccount1/<name>` */
  url: string;
  /** Uploads a seed file as a block blob named by its path (seed target). */
  addFile: (file: SeedFile) => Promise<void>;
  upload: (blob: string, bytes: Uint8Array, contentType: string) => Promise<void>;
  remove: (blob: string) => Promise<void>;
  /** A container SAS query string (no '?'), e.g. permissions 'rl' for what a user would hand Hypomos. */
  sas: (permissions: string, expiresAt: Date) => Promise<string>;
}

export interface Azurite {
  /** Blob endpoint of the dev account: `http://127.0.0.1:port/devstoreaccount1` */
  url: string;
  port: number;
  account: string;
  accountKey: string;
  createContainer: (name: string) => Promise<AzuriteContainer>;
  /** A request signed with the account key (Shared Key), as only the account owner can make. */
  ownerRequest: (
    method: 'GET' | 'PUT',
    path: string,
    opts?: { body?: string; msHeaders?: Record<string, string> },
  ) => Promise<Response>;
  close: () => Promise<void>;
}

/**
 * Starts the real azurite Blob service (strict: no --loose) on a free port with a temporary location. Like a new
 * Azure account, its Blob service has no CORS rule (extension pages need none: they have host permissions); a
 * viewer on another origin can fetch() only after the extension, or `openCors`, sets one.
 */
export async function startAzurite(opts: { openCors?: boolean } = {}): Promise<Azurite> {
  const port = await freePort();
  const location = await mkdtemp(join(tmpdir(), 'hypomos-azurite-'));
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, 'node_modules/azurite/dist/src/blob/main.js'),
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
      '--location',
      location,
      '--skipApiVersionCheck',
      '--silent',
      '--disableProductStyleUrl',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const url = `http://127.0.0.1:${port}/${DEV_ACCOUNT}`;
  const admin = await accountSas(
    {
      account: DEV_ACCOUNT,
      permissions: 'rwdlacup',
      services: 'b',
      resourceTypes: 'sco',
      expiresAt: new Date(Date.now() + 24 * 3600_000),
    },
    DEV_KEY,
    nodeHmac,
  );
  const call = async (path: string, init: RequestInit & { expect: number[] }) => {
    const res = await fetch(`${url}${path}${path.includes('?') ? '&' : '?'}${admin}`, {
      ...init,
      headers: { 'x-ms-version': SAS_VERSION, 'x-ms-date': new Date().toUTCString(), ...init.headers },
    });
    if (!init.expect.includes(res.status))
      throw new Error(`azurite ${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return res;
  };
  try {
    await waitUntilListening(url, child, () => stderr);
    if (opts.openCors)
      await call('/?restype=service&comp=properties', {
        method: 'PUT',
        body: OPEN_CORS_XML,
        expect: [202],
        headers: { 'Content-Type': 'application/xml' },
      });
  } catch (e) {
    await stop(child, location);
    throw e;
  }
  const createContainer = async (name: string): Promise<AzuriteContainer> => {
    await call(`/${name}?restype=container`, { method: 'PUT', expect: [201] });
    const upload = async (blob: string, bytes: Uint8Array, contentType: string) => {
      await call(`/${name}/${encodeBlobPath(blob)}`, {
        method: 'PUT',
        body: new Uint8Array(bytes),
        expect: [201],
        headers: { 'x-ms-blob-type': 'BlockBlob', 'Content-Type': contentType },
      });
    };
    return {
      name,
      url: `${url}/${name}`,
      upload,
      addFile: (file) => upload(file.path, file.bytes, file.mimeType),
      remove: async (blob) => {
        await call(`/${name}/${encodeBlobPath(blob)}`, { method: 'DELETE', expect: [202] });
      },
      sas: (permissions, expiresAt) =>
        serviceSas({ account: DEV_ACCOUNT, container: name, permissions, expiresAt }, DEV_KEY, nodeHmac),
    };
  };
  const ownerRequest: Azurite['ownerRequest'] = async (method, path, o = {}) => {
    const target = `${url}${path}`;
    const headers = await sharedKeyHeaders(
      {
        method,
        url: target,
        account: DEV_ACCOUNT,
        date: new Date(),
        ...(o.body ? { body: o.body, contentType: 'application/xml' } : {}),
        ...(o.msHeaders ? { msHeaders: o.msHeaders } : {}),
      },
      DEV_KEY,
      nodeHmac,
    );
    return fetch(target, { method, headers, ...(o.body ? { body: o.body } : {}) });
  };
  return {
    url,
    port,
    account: DEV_ACCOUNT,
    accountKey: DEV_KEY,
    createContainer,
    ownerRequest,
    close: () => stop(child, location),
  };
}

export const encodeBlobPath = (blob: string) => blob.split('/').map(encodeURIComponent).join('/');

/** Any origin may GET: only for tests that are not about CORS. */
const OPEN_CORS_XML = `<?xml version="1.0" encoding="utf-8"?>
<StorageServiceProperties><Cors><CorsRule>
<AllowedOrigins>*</AllowedOrigins><AllowedMethods>GET,HEAD,OPTIONS</AllowedMethods>
<MaxAgeInSeconds>600</MaxAgeInSeconds><ExposedHeaders>*</ExposedHeaders><AllowedHeaders>*</AllowedHeaders>
</CorsRule></Cors></StorageServiceProperties>`;

async function waitUntilListening(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`azurite exited with ${child.exitCode}: ${stderr()}`);
    const up = await fetch(`${url}?comp=list`).then(
      () => true,
      () => false,
    );
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`azurite did not start: ${stderr()}`);
}

async function stop(child: ChildProcess, location: string): Promise<void> {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await rm(location, { recursive: true, force: true });
}
