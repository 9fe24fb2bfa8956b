import { z } from 'zod';

/**
 * The environment of SPEC.md, parsed once. Playground mode = no LARK_APP_ID: the bot talks to its own
 * emulator. Outside it, Lark's Encrypt Key and Verification Token are mandatory, because without them
 * an inbound request cannot be authenticated (the SDK's dispatcher silently skips the check).
 */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: z.string().url().optional(),
  LARK_APP_ID: z.string().min(1).optional(),
  LARK_APP_SECRET: z.string().min(1).optional(),
  LARK_ENCRYPT_KEY: z.string().min(1).optional(),
  LARK_VERIFICATION_TOKEN: z.string().min(1).optional(),
  LARK_DOMAIN: z.string().min(1).default('feishu'),
  TZ_NAME: z.string().min(1).default('Asia/Shanghai'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface LarkConfig {
  appId: string;
  appSecret: string;
  encryptKey: string;
  verificationToken: string;
  /** 'feishu' | 'lark' | a base URL such as http://127.0.0.1:4010 */
  domain: string;
}

export interface Config {
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  /** undefined in playground mode: the app starts its own emulator and fills this in */
  lark: LarkConfig | undefined;
  playground: boolean;
  timeZone: string;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  // An empty variable (`FOO=` in a .env file) means "not set", not "set to the empty string".
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(present);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigError(`Invalid ${String(first?.path[0] ?? 'environment')}: ${first?.message ?? 'bad value'}`);
  }
  const e = parsed.data;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: e.TZ_NAME });
  } catch {
    throw new ConfigError(`Invalid TZ_NAME: ${e.TZ_NAME} is not an IANA time zone`);
  }
  const playground = e.LARK_APP_ID === undefined;
  let lark: LarkConfig | undefined;
  if (!playground) {
    for (const name of ['LARK_APP_SECRET', 'LARK_ENCRYPT_KEY', 'LARK_VERIFICATION_TOKEN'] as const) {
      if (e[name] === undefined) {
        throw new ConfigError(`${name} is required when LARK_APP_ID is set (see .env.example); unset LARK_APP_ID for playground mode`);
      }
    }
    lark = {
      appId: e.LARK_APP_ID!,
      appSecret: e.LARK_APP_SECRET!,
      encryptKey: e.LARK_ENCRYPT_KEY!,
      verificationToken: e.LARK_VERIFICATION_TOKEN!,
      domain: e.LARK_DOMAIN,
    };
  }
  return Object.freeze({
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    lark: lark && Object.freeze(lark),
    playground,
    timeZone: e.TZ_NAME,
    logLevel: e.LOG_LEVEL,
  });
}
