/** The --help text (stdout). */
export const HELP_TEXT = `drata-personnel-mcp: an MCP server over Drata's Personnel API

Usage: drata-personnel-mcp [options]

Secrets come from the environment only:
  DRATA_API_KEY                 Drata API key (required unless --sandbox)
  MCP_HTTP_TOKEN                bearer token(s) HTTP clients must send, comma-separated (default on
                                loopback: a random one, printed once on stderr at start)
  DRATA_APPROVAL_SECRET         signs approval tokens; give replicas the same one (default: random)
  MCP_OAUTH_CLIENT_SECRET       OAuth mode: the introspection client's secret (opaque tokens only)
  REDIS_URL                     shared state between replicas: one Drata budget, single-use approvals

Options (each also settable by the environment variable shown; flags win):
  --region us|eu|apac           DRATA_REGION            Drata region (default us)
  --base-url URL                DRATA_BASE_URL          API origin override; https unless loopback
  --read-only                   DRATA_READ_ONLY         do not register write tools
  --approval-relay              DRATA_APPROVAL_RELAY    opt-in: where the client has no dialog and no
                                                        approval card, the preview gives the model a
                                                        token to send back (default off)
  --write-api v2|v1             DRATA_WRITE_API         endpoints used for updates and resyncs (default v2)
  --max-output-tokens N         DRATA_MAX_OUTPUT_TOKENS budget for one tool result (default 8000)
  --transport stdio|http        MCP_TRANSPORT           (default stdio)
  --host H  --port P            MCP_HOST, MCP_PORT      HTTP bind (default 127.0.0.1:3000)
                                MCP_ALLOWED_HOSTS       extra Host values accepted over HTTP (comma list)
                                MCP_ALLOWED_ORIGINS     browser origins accepted over HTTP (comma list)
                                MCP_SESSION_IDLE_SECONDS  idle HTTP sessions end after this (default 600)
                                MCP_MAX_SESSIONS        concurrent HTTP sessions; the least recently used
                                                        idle one is evicted at the cap (default 100)
                                MCP_MAX_SESSIONS_PER_PRINCIPAL  sessions one token may hold
                                                        (default: MCP_MAX_SESSIONS)
                                MCP_MAX_CONNECTIONS     open HTTP connections (default 512)
                                MCP_MAX_CONNECTIONS_PER_ADDRESS  from one client address (default 256)
  --timeout-ms N                DRATA_TIMEOUT_MS        per-request timeout (default 30000)
  --rate-limit N                DRATA_RATE_LIMIT        requests per window to Drata (default 500)
                                DRATA_RATE_LIMIT_WINDOW   that window in seconds (default 60)
                                DRATA_RATE_LIMIT_FALLBACK  % of it per replica while Redis is down (25)
                                MCP_HTTP_STATELESS      2025-era HTTP without sessions (default: on with
                                                        REDIS_URL)
                                DRATA_STATE_DIR         used approval tokens without Redis (default
                                                        ~/.local/state/drata-personnel-mcp)
  --report-cache-ttl S          DRATA_REPORT_CACHE_TTL  report cache lifetime in seconds (default 60)
  --snapshot-ttl S              DRATA_SNAPSHOT_TTL      org snapshot lifetime in seconds, 10..86400 (default 300)
  --report-max-pages N          DRATA_REPORT_MAX_PAGES  page cap for one report walk (default 1000)
  --log-level L                 DRATA_LOG_LEVEL         debug|info|warning|error (default info)
  --audit-log FILE              DRATA_AUDIT_LOG         audit trail of every write (default: per-user state dir)
  --sandbox                     DRATA_SANDBOX           run against the embedded Drata-compatible API
  --sandbox-size N              DRATA_SANDBOX_SIZE      synthetic people in the sandbox (default 250)
  --help, --version

OAuth 2.1 resource server for HTTP (a team behind its IdP; replaces MCP_HTTP_TOKEN):
  --oauth-issuer URL            MCP_OAUTH_ISSUER        the authorization server (exact iss); turns OAuth on
  --oauth-resource URL          MCP_OAUTH_RESOURCE      this server's public MCP URL = token audience
                                                        (default on loopback: the bound URL)
  --oauth-audience A            MCP_OAUTH_AUDIENCE      another accepted aud (e.g. api://drata-mcp)
  --oauth-read-scope S          MCP_OAUTH_READ_SCOPE    needed for everything (default personnel:read)
  --oauth-write-scope S         MCP_OAUTH_WRITE_SCOPE   needed for writes (default personnel:write)
  --oauth-jwks-url URL          MCP_OAUTH_JWKS_URL      signing keys (default: the issuer's jwks_uri)
  --oauth-algorithms LIST       MCP_OAUTH_ALGORITHMS    accepted JWS algs (default RS256,PS256,ES256,EdDSA)
  --oauth-clock-skew S          MCP_OAUTH_CLOCK_SKEW_SECONDS  exp/nbf tolerance (default 30)
  --oauth-introspection-url URL MCP_OAUTH_INTROSPECTION_URL  RFC 7662, for opaque tokens
  --oauth-client-id ID          MCP_OAUTH_CLIENT_ID     the introspecting client

Audit trail:
  drata-personnel-mcp audit verify [--file F]       check the hash chain (exit 1 if broken)
  drata-personnel-mcp audit export --csv [--file F] the trail as CSV on stdout
`;
