import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tls from 'node:tls';

/**
 * The certificates a CRM's TLS chain is checked against: Node's bundled roots plus the
 * operating system's store, so a company CA installed by IT is trusted as the browser trusts it.
 *
 * Node ≥ 22.15 (and so Electron's main process) reads the OS store itself
 * (`tls.getCACertificates('system')`). Node 20 — the headless shell and the CLI — cannot, so the
 * same store is read the way OpenSSL-based tools do: `SSL_CERT_FILE` / `SSL_CERT_DIR` when set,
 * else the distribution's bundle, else (macOS) the system keychains through `security`.
 * Windows on Node 20 has no readable store without a native module: there the Electron shell
 * (which has the API) or `NODE_EXTRA_CA_CERTS` is the way.
 */
export interface CaSources {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** `tls.getCACertificates` where this runtime has it. */
  nodeApi?: (kind: 'system' | 'extra') => string[];
  readFile(path: string): string | null;
  listDir(path: string): string[];
  /** Runs a command and returns stdout, or null when it fails. */
  run(cmd: string, args: string[]): string | null;
}

export interface TrustStore {
  /** PEM certificates: Node's roots first, then what the OS added. */
  certificates: string[];
  /** Where the OS part came from, for diagnostics ("none" when nothing could be read). */
  source: string;
  /** How many certificates the OS part contributed (duplicates of Node's roots included). */
  systemCount: number;
}

/** Bundle files of the common distributions, in the order Go's crypto/x509 probes them. */
const LINUX_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Gentoo, Arch
  '/etc/pki/tls/certs/ca-bundle.crt', // Fedora, RHEL 6
  '/etc/ssl/ca-bundle.pem', // openSUSE
  '/etc/pki/tls/cacert.pem', // OpenELEC
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', // CentOS, RHEL 7
  '/etc/ssl/cert.pem', // Alpine, BSDs
];

const MAC_KEYCHAINS = ['/System/Library/Keychains/SystemRootCertificates.keychain', '/Library/Keychains/System.keychain'];

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Splits a PEM bundle into certificates, dropping anything that does not parse as X.509. */
export function splitPemBundle(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PEM)) {
    try {
      new X509Certificate(m[0]);
      out.push(m[0]);
    } catch {
      // A damaged entry must not take the rest of the store with it.
    }
  }
  return out;
}

function fromFile(src: CaSources, path: string): string[] {
  const text = src.readFile(path);
  return text === null ? [] : splitPemBundle(text);
}

function fromDir(src: CaSources, dir: string): string[] {
  return src
    .listDir(dir)
    .filter((n) => /\.(pem|crt)$|^[0-9a-f]{8}\.\d+$/i.test(n))
    .flatMap((n) => fromFile(src, join(dir, n)));
}

function osStore(src: CaSources): { certs: string[]; source: string } {
  if (src.nodeApi) {
    try {
      return { certs: src.nodeApi('system'), source: 'tls.getCACertificates' };
    } catch {
      // Fall through to reading the store directly.
    }
  }
  const file = src.env.SSL_CERT_FILE;
  const dir = src.env.SSL_CERT_DIR;
  if (file || dir) {
    const certs = [...(file ? fromFile(src, file) : []), ...(dir ? dir.split(':').flatMap((d) => fromDir(src, d)) : [])];
    return { certs, source: [file && `SSL_CERT_FILE=${file}`, dir && `SSL_CERT_DIR=${dir}`].filter(Boolean).join(' ') };
  }
  if (src.platform === 'darwin') {
    const out = src.run('/usr/bin/security', ['find-certificate', '-a', '-p', ...MAC_KEYCHAINS]);
    if (out !== null) return { certs: splitPemBundle(out), source: 'macOS system keychains' };
  }
  if (src.platform !== 'win32') {
    for (const bundle of LINUX_BUNDLES) {
      const certs = fromFile(src, bundle);
      if (certs.length > 0) return { certs, source: bundle };
    }
  }
  return { certs: [], source: 'none' };
}

function extraCerts(src: CaSources): string[] {
  if (src.nodeApi) {
    try {
      return src.nodeApi('extra');
    } catch {
      return [];
    }
  }
  // Node adds NODE_EXTRA_CA_CERTS only to its default store, which an explicit `ca` replaces.
  const extra = src.env.NODE_EXTRA_CA_CERTS;
  return extra ? fromFile(src, extra) : [];
}

export function trustStore(src: CaSources = processSources()): TrustStore {
  const os = osStore(src);
  const certificates = [...new Set([...tls.rootCertificates, ...os.certs, ...extraCerts(src)])];
  return { certificates, source: os.source, systemCount: os.certs.length };
}

export function processSources(): CaSources {
  const api = (tls as unknown as { getCACertificates?: (kind: string) => string[] }).getCACertificates;
  return {
    platform: process.platform,
    env: process.env,
    ...(typeof api === 'function' ? { nodeApi: (kind: 'system' | 'extra') => api(kind) } : {}),
    readFile: (p) => {
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return null;
      }
    },
    listDir: (p) => {
      try {
        return readdirSync(p);
      } catch {
        return [];
      }
    },
    run: (cmd, args) => {
      try {
        return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000, maxBuffer: 32 * 1024 * 1024 });
      } catch {
        return null;
      }
    },
  };
}

let processStore: TrustStore | undefined;

/** This process's store, read once: the OS store does not change under a running app often enough to pay for rereads. */
export function processTrustStore(): TrustStore {
  processStore ??= trustStore();
  return processStore;
}
