import { describe, expect, it } from 'vitest';
import { hpaOptionsOf, jobOptionsOf } from './components';
import { ConfigError, kubeletsConfigOf, parseClusterConfig } from './config';

describe('config.yaml hpa:', () => {
  it('reads the HPA timings and turns them into controller options', () => {
    const cfg = parseClusterConfig('hpa:\n  syncPeriodSeconds: 3\n  downscaleStabilizationSeconds: 0\n  tolerance: 0.05\n');
    expect(cfg.hpa).toEqual({ syncPeriodSeconds: 3, downscaleStabilizationSeconds: 0, tolerance: 0.05 });
    expect(hpaOptionsOf(cfg.hpa!)).toEqual({ syncPeriodMs: 3000, downscaleStabilizationSeconds: 0, tolerance: 0.05 });
  });

  it.each([
    ['hpa: 3\n', /hpa: must be a mapping/],
    ['hpa:\n  syncPeriod: 3\n', /unknown field "syncPeriod"/],
    ['hpa:\n  syncPeriodSeconds: 0\n', /hpa.syncPeriodSeconds: must be a positive number/],
    ['hpa:\n  downscaleStabilizationSeconds: -1\n', /hpa.downscaleStabilizationSeconds/],
  ])('refuses %j', (text, msg) => {
    expect(() => parseClusterConfig(text)).toThrow(ConfigError);
    expect(() => parseClusterConfig(text)).toThrow(msg);
  });
});

describe('config.yaml metrics:', () => {
  it('metrics.enabled false reaches the kubelets; absent or true leaves the default', () => {
    const off = parseClusterConfig('metrics:\n  enabled: false\n');
    expect(off.metrics).toEqual({ enabled: false });
    expect(kubeletsConfigOf(off).metrics).toBe(false);
    expect(kubeletsConfigOf(parseClusterConfig('metrics:\n  enabled: true\n')).metrics).toBeUndefined();
    expect(kubeletsConfigOf({}).metrics).toBeUndefined();
  });

  it.each([
    ['metrics: off\n', /metrics: must be a mapping/],
    ['metrics:\n  on: true\n', /metrics: unknown field "on"/],
    ['metrics:\n  enabled: "no"\n', /metrics.enabled: must be true or false/],
  ])('refuses %j', (text, msg) => {
    expect(() => parseClusterConfig(text)).toThrow(msg);
  });
});

describe('config.yaml with nothing in it', () => {
  it('an empty file, or one of comments only, is the default configuration', () => {
    expect(parseClusterConfig('')).toEqual({});
    expect(parseClusterConfig('# nodes come later\n')).toEqual({});
  });

  it('two documents are refused, naming the file', () => {
    expect(() => parseClusterConfig('hpa: {}\n---\nhpa: {}\n', 'x/config.yaml')).toThrow(new ConfigError('x/config.yaml: holds 2 YAML documents; the configuration is one'));
  });
});

describe('config.yaml paused:', () => {
  it('reads the components paused at start', () => {
    expect(parseClusterConfig('paused: [scheduler, controller-manager, kubelet/node-2]\n').paused).toEqual(['scheduler', 'controller-manager', 'kubelet/node-2']);
  });

  it.each(['paused: scheduler\n', 'paused: [proxy]\n', 'paused: [kubelet/]\n', 'paused: [3]\n'])('refuses %j', (text) => {
    expect(() => parseClusterConfig(text)).toThrow(ConfigError);
  });
});

describe('config.yaml audit:', () => {
  it('reads the level and rotation bounds', async () => {
    const { auditPolicyOf } = await import('./components');
    const cfg = parseClusterConfig('audit:\n  level: RequestResponse\n  maxSizeMB: 0.5\n  maxBackups: 1\n');
    expect(auditPolicyOf(cfg.audit!)).toEqual({ level: 'RequestResponse', maxSizeBytes: 524288, maxBackups: 1 });
  });

  it.each(['audit: 3\n', 'audit:\n  level: Everything\n', 'audit:\n  maxSizeMB: 0\n', 'audit:\n  maxBackups: -1\n', 'audit:\n  path: /tmp/x\n'])('refuses %j', (text) => {
    expect(() => parseClusterConfig(text)).toThrow(ConfigError);
  });
});

describe('config.yaml jobs:', () => {
  it('reads the Job back-off and the CronJob minute and turns them into controller options', () => {
    const cfg = parseClusterConfig('jobs:\n  podFailureBackoffSeconds: 1\n  cronSecondsPerMinute: 2\n');
    expect(cfg.jobs).toEqual({ podFailureBackoffSeconds: 1, cronSecondsPerMinute: 2 });
    expect(jobOptionsOf(cfg.jobs!)).toEqual({ backoffBaseMs: 1000, cronSecondsPerMinute: 2 });
  });

  it.each([
    ['jobs: []\n', /jobs: must be a mapping/],
    ['jobs:\n  cronMinute: 2\n', /unknown field "cronMinute"/],
    ['jobs:\n  cronSecondsPerMinute: 0.5\n', /jobs.cronSecondsPerMinute: must be a whole number from 1 to 60/],
    ['jobs:\n  cronSecondsPerMinute: 61\n', /jobs.cronSecondsPerMinute/],
    ['jobs:\n  podFailureBackoffSeconds: 0\n', /jobs.podFailureBackoffSeconds: must be a positive number/],
  ])('refuses %j', (text, msg) => {
    expect(() => parseClusterConfig(text)).toThrow(ConfigError);
    expect(() => parseClusterConfig(text)).toThrow(msg);
  });
});

describe('config.yaml ingress:', () => {
  it('reads the ingress host ports', () => {
    expect(parseClusterConfig('ingress:\n  httpPort: 8080\n  httpsPort: 8443\n').ingress).toEqual({ httpPort: 8080, httpsPort: 8443 });
    expect(parseClusterConfig('ingress: {httpPort: 8081}\n').ingress).toEqual({ httpPort: 8081 });
  });

  it.each([
    ['ingress: 80\n', /ingress: must be a mapping/],
    ['ingress:\n  port: 80\n', /ingress: unknown field "port"/],
    ['ingress:\n  httpPort: 0\n', /ingress.httpPort: must be a port from 1 to 65535, got 0/],
    ['ingress:\n  httpsPort: "443"\n', /ingress.httpsPort: must be a port/],
  ])('refuses %j', (text, msg) => {
    expect(() => parseClusterConfig(text)).toThrow(msg);
  });
});
