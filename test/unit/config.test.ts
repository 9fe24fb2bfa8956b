import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config';

describe('loadConfig', () => {
  it('is playground mode with defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.playground).toBe(true);
    expect(c.lark).toBeUndefined();
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe('./data');
    expect(c.timeZone).toBe('Asia/Shanghai');
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('refuses to start with an app id but no Encrypt Key or Verification Token, naming the variable', () => {
    expect(() => loadConfig({ LARK_APP_ID: 'cli_x', LARK_APP_SECRET: 's', LARK_VERIFICATION_TOKEN: 't' })).toThrow(/LARK_ENCRYPT_KEY/);
    expect(() => loadConfig({ LARK_APP_ID: 'cli_x', LARK_APP_SECRET: 's', LARK_ENCRYPT_KEY: 'k' })).toThrow(/LARK_VERIFICATION_TOKEN/);
    expect(() => loadConfig({ LARK_APP_ID: 'cli_x', LARK_ENCRYPT_KEY: 'k', LARK_VERIFICATION_TOKEN: 't' })).toThrow(/LARK_APP_SECRET/);
  });

  it('reads a full Lark configuration', () => {
    const c = loadConfig({ LARK_APP_ID: 'cli_x', LARK_APP_SECRET: 's', LARK_ENCRYPT_KEY: 'k', LARK_VERIFICATION_TOKEN: 't', LARK_DOMAIN: 'lark', PORT: '8080' });
    expect(c.playground).toBe(false);
    expect(c.lark).toEqual({ appId: 'cli_x', appSecret: 's', encryptKey: 'k', verificationToken: 't', domain: 'lark' });
    expect(c.port).toBe(8080);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ LARK_APP_ID: '', DATABASE_URL: '' }).playground).toBe(true);
  });

  it('names the bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ TZ_NAME: 'Mars/Olympus' })).toThrow(/TZ_NAME/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});
