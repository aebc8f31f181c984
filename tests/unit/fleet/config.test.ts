// The fleet section of the configuration: a district key that cannot be a key is refused at start-up, by path.
import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, defaultConfig, parseConfig } from '../../../main/core/config';
import { rawPublicKey } from '../../../main/core/fleet/command-check';

const withFleet = (fleet: Record<string, unknown>) => ({ ...structuredClone(defaultConfig()), fleet });
const key = generateKeyPairSync('ed25519').publicKey;

describe('config.fleet', () => {
  it('takes a raw base64 key or a PEM, with remote open off and a minute heartbeat by default', () => {
    const parsed = parseConfig(withFleet({ url: 'mqtts://broker.example:8883', districtId: 'xh', districtPublicKey: rawPublicKey(key) }));
    expect(parsed.fleet).toMatchObject({ remoteOpen: false, heartbeatSeconds: 60, inflight: 16, commandMaxAgeSeconds: 300 });
    const pem = key.export({ format: 'pem', type: 'spki' }).toString();
    expect(parseConfig(withFleet({ url: 'mqtt://127.0.0.1:1883', districtId: 'xh', districtPublicKey: pem })).fleet?.districtPublicKey).toBe(pem);
  });

  it('refuses a key of the wrong length and a URL that is not MQTT, naming the fields', () => {
    const bad = withFleet({ url: 'http://broker', districtId: 'xh', districtPublicKey: Buffer.alloc(31).toString('base64') });
    expect(() => parseConfig(bad)).toThrow(ConfigError);
    try {
      parseConfig(bad);
    } catch (error) {
      expect((error as ConfigError).issues.join('\n')).toMatch(/fleet\.url[\s\S]*fleet\.districtPublicKey|fleet\.districtPublicKey[\s\S]*fleet\.url/);
    }
  });
});
