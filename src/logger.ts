/**
 * Logging for a process whose stdout belongs to JSON-RPC: every line goes to stderr (and, once a client
 * is connected, to MCP logging notifications through an extra sink). Every message and every data value
 * passes through `redact`, so a secret registered here can never reach a sink, whatever the caller wrote.
 */
export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warning: 30, error: 40 };

export type LogSink = (level: LogLevel, message: string, data?: Record<string, unknown>) => void;

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warning(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
  /** Register a value that must never be printed (API keys, HTTP tokens). */
  addSecret(secret: string | undefined): void;
  /** Add a destination (e.g. MCP logging notifications); returns a function that removes it. */
  addSink(sink: LogSink): () => void;
  /** Redact registered secrets (and anything shaped like a bearer credential) from a string. */
  redact(text: string): string;
}

export interface LoggerOptions {
  level?: LogLevel;
  secrets?: Array<string | undefined>;
  /** Where stderr lines go; injectable for tests. */
  write?: (line: string) => void;
}

const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;

/**
 * The forms a secret commonly takes when something echoes it: as is, URL-encoded, and base64 / base64url
 * at each of the three byte alignments it can have inside a longer encoded string (e.g. Basic `user:key`).
 * Each form is the part of the encoding that depends on the secret alone.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret)]);
  const bytes = Buffer.from(secret, 'utf8');
  for (let k = 0; k < 3; k++) {
    const total = k + bytes.length;
    const b64 = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    const stable = b64.slice(k === 0 ? 0 : 4, Math.floor(total / 3) * 4);
    if (stable.length >= 8) {
      forms.add(stable);
      forms.add(stable.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...forms].filter((f) => f.length >= 4).sort((a, b) => b.length - a.length);
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = LEVELS[options.level ?? 'info'];
  const secrets = new Set<string>();
  const sinks = new Set<LogSink>();
  const write = options.write ?? ((line: string) => process.stderr.write(line));

  const redact = (text: string): string => {
    let out = text.replace(BEARER, '$1[REDACTED]');
    for (const secret of secrets) out = out.split(secret).join('[REDACTED]');
    return out;
  };

  const redactData = (data: Record<string, unknown> | undefined): Record<string, unknown> | undefined => {
    if (data === undefined) return undefined;
    return JSON.parse(
      redact(JSON.stringify(data, (_k, v) => (v instanceof Error ? v.message : v))),
    ) as Record<string, unknown>;
  };

  const emit = (level: LogLevel, message: string, data?: Record<string, unknown>): void => {
    const safeMessage = redact(message);
    const safeData = redactData(data);
    if (LEVELS[level] >= threshold) {
      const suffix = safeData && Object.keys(safeData).length > 0 ? ` ${JSON.stringify(safeData)}` : '';
      write(`[drata-personnel-mcp] ${level}: ${safeMessage}${suffix}\n`);
    }
    for (const sink of sinks) {
      try {
        sink(level, safeMessage, safeData);
      } catch {
        // A failing sink (e.g. a closed transport) must never break the caller.
      }
    }
  };

  const add = (s: string) => {
    for (const form of secretForms(s)) secrets.add(form);
  };
  for (const s of options.secrets ?? []) if (s) add(s);

  return {
    debug: (m, d) => emit('debug', m, d),
    info: (m, d) => emit('info', m, d),
    warning: (m, d) => emit('warning', m, d),
    error: (m, d) => emit('error', m, d),
    addSecret: (s) => {
      if (s && s.length >= 4) add(s);
    },
    addSink: (sink) => {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
    redact,
  };
}

/** A logger that prints nothing; for tests and library use. */
export function silentLogger(): Logger {
  return createLogger({ write: () => {} });
}
