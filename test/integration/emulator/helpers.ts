// Shared bits for the emulator integration tests: a real SDK Client pointed at the emulator, with its own token cache
// (the SDK's default cache is process-global, lark-platform.md §5) and a way to read Lark's error out of an AxiosError.
import * as lark from '@larksuiteoapi/node-sdk';
import { LarkEmulator } from '../../../src/emulator/lark-emulator';
import type { EmulatorOptions } from '../../../src/emulator/types';

let seq = 0;
/** A unique appId per emulator keeps tokens from leaking between emulators through any shared cache. */
export function appIdFor(): string {
  seq += 1;
  return `cli_${(Date.now().toString(16) + seq.toString(16).padStart(4, '0')).slice(-16).padStart(16, '0')}`;
}

export async function startEmulator(overrides: Partial<EmulatorOptions> = {}): Promise<LarkEmulator> {
  return LarkEmulator.start({ appId: appIdFor(), appSecret: 'secret', ...overrides });
}

type SdkCache = NonNullable<ConstructorParameters<typeof lark.Client>[0]['cache']>;

function memoryCache(): SdkCache {
  const map = new Map<string, { value: unknown; expire?: number }>();
  const keyOf = (k: unknown, o?: { namespace?: string }) => `${o?.namespace ?? ''}/${String(k)}`;
  return {
    set: async (k, value, expire, o) => { map.set(keyOf(k, o), { value, ...(expire !== undefined ? { expire } : {}) }); return true; },
    get: async (k, o) => {
      const hit = map.get(keyOf(k, o));
      return hit && (hit.expire === undefined || hit.expire > Date.now()) ? hit.value : undefined;
    },
  };
}

const silent = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, trace: () => {} };

export function sdkClient(emulator: LarkEmulator, appSecret = 'secret'): lark.Client {
  return new lark.Client({
    appId: emulator.appId, appSecret, domain: emulator.url,
    loggerLevel: lark.LoggerLevel.error, logger: silent, cache: memoryCache(),
  });
}

export interface LarkFailure { status: number; code: number | undefined; msg: string | undefined; headers: Record<string, string>; errCode?: string }

/** Runs an SDK call that must fail; returns Lark's answer (SDK errors are AxiosErrors, code in e.response.data.code). */
export async function failure(call: Promise<unknown>): Promise<LarkFailure> {
  try {
    await call;
  } catch (err) {
    const e = err as { response?: { status: number; data?: { code?: number; msg?: string }; headers?: Record<string, string> }; code?: string };
    return {
      status: e.response?.status ?? 0, code: e.response?.data?.code, msg: e.response?.data?.msg,
      headers: { ...(e.response?.headers ?? {}) }, ...(e.code ? { errCode: e.code } : {}),
    };
  }
  throw new Error('expected the call to fail');
}

export const card2 = (text: string, extra: Record<string, unknown> = {}) => ({
  schema: '2.0', config: { update_multi: true }, header: { title: { tag: 'plain_text', content: 'Yinhang' } },
  body: { elements: [{ tag: 'markdown', content: text }] }, ...extra,
});
