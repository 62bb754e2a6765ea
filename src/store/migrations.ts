/**
 * Schema migrations, applied in order: the database's `user_version` is the number of migrations
 * applied. Never edit a shipped migration; append a new one (older punie builds refuse a database
 * whose version they do not know, rather than corrupt it).
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    cwd TEXT NOT NULL,
    model TEXT,
    title TEXT,
    mode TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_by_update ON sessions (updated_at DESC, id DESC);
  CREATE INDEX sessions_by_cwd ON sessions (cwd, updated_at DESC, id DESC);

  CREATE TABLE session_config (
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (session_id, key)
  );

  CREATE TABLE turns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    prompt TEXT NOT NULL,
    instructions TEXT NOT NULL,
    tools TEXT NOT NULL,
    model TEXT NOT NULL,
    stop_reason TEXT NOT NULL,
    error TEXT,
    started_at INTEGER NOT NULL,
    ended_at INTEGER NOT NULL,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    model_ms REAL NOT NULL,
    tool_ms REAL NOT NULL,
    start_rss INTEGER NOT NULL,
    end_rss INTEGER NOT NULL,
    peak_rss INTEGER NOT NULL,
    backend TEXT NOT NULL,
    frontend TEXT NOT NULL,
    UNIQUE (session_id, idx)
  );
  CREATE INDEX turns_by_start ON turns (started_at);

  CREATE TABLE messages (
    turn_id INTEGER NOT NULL REFERENCES turns (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (turn_id, seq)
  );

  CREATE TABLE tool_calls (
    turn_id INTEGER NOT NULL REFERENCES turns (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    tool_call_id TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    locations TEXT NOT NULL,
    raw_input TEXT,
    status TEXT NOT NULL,
    content TEXT NOT NULL,
    raw_output TEXT,
    duration_ms REAL,
    backend TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    PRIMARY KEY (turn_id, seq)
  );
  CREATE INDEX tool_calls_by_start ON tool_calls (started_at);

  CREATE TABLE permission_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    turn_id INTEGER REFERENCES turns (id) ON DELETE CASCADE,
    tool_call_id TEXT NOT NULL,
    tool_name TEXT NOT NULL,
    action TEXT NOT NULL,
    outcome TEXT NOT NULL,
    rule TEXT,
    decided_at INTEGER NOT NULL
  );
  CREATE INDEX permission_decisions_by_turn ON permission_decisions (turn_id);

  CREATE TABLE model_requests (
    turn_id INTEGER NOT NULL REFERENCES turns (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    duration_ms REAL NOT NULL,
    first_event_ms REAL,
    input_tokens INTEGER,
    output_tokens INTEGER,
    finish TEXT,
    PRIMARY KEY (turn_id, idx)
  );

  CREATE TABLE project_permission_rules (
    project TEXT NOT NULL,
    tool TEXT NOT NULL,
    action TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (project, tool, action)
  );
  `,
  // The session runner (issue 8): who runs a session and how it is doing, events written as they
  // happen (their autoincrement id is the one order every process agrees on), time spent waiting
  // for a person's answer.
  `
  ALTER TABLE sessions ADD COLUMN source TEXT;
  ALTER TABLE sessions ADD COLUMN pid INTEGER;
  ALTER TABLE sessions ADD COLUMN status TEXT;
  ALTER TABLE sessions ADD COLUMN heartbeat_at INTEGER;
  ALTER TABLE sessions ADD COLUMN cancel_requested_at INTEGER;

  CREATE TABLE session_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX session_events_by_session ON session_events (session_id, id);

  ALTER TABLE permission_decisions ADD COLUMN wait_ms REAL;
  `,
  // train: model servers started by `punie mlx start`, and training runs (`punie train`).
  `
  CREATE TABLE mlx_servers (
    id TEXT PRIMARY KEY,
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    port INTEGER NOT NULL,
    model TEXT NOT NULL,
    adapter TEXT,
    served_model TEXT NOT NULL,
    log_path TEXT NOT NULL,
    argv TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    stopped_at INTEGER
  );
  CREATE INDEX mlx_servers_by_port ON mlx_servers (port, started_at DESC);

  CREATE TABLE training_runs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    output_dir TEXT NOT NULL,
    model TEXT NOT NULL,
    data_dir TEXT NOT NULL,
    status TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    iters INTEGER NOT NULL,
    last_iteration INTEGER,
    final_train_loss REAL,
    final_val_loss REAL,
    tokens_per_sec REAL,
    peak_mem_gb REAL,
    record TEXT NOT NULL
  );
  CREATE INDEX training_runs_by_start ON training_runs (started_at DESC);
  CREATE INDEX training_runs_by_dir ON training_runs (output_dir);
  `,
  // Eval runs (src/eval/): one row per run, one per prompt attempt (its full result as JSON).
  `
  CREATE TABLE eval_runs (
    id TEXT PRIMARY KEY,
    suite TEXT NOT NULL,
    suite_ref TEXT NOT NULL,
    model TEXT NOT NULL,
    config TEXT NOT NULL,
    status TEXT NOT NULL,
    score REAL,
    success_rate REAL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    duration_ms REAL NOT NULL DEFAULT 0
  );
  CREATE INDEX eval_runs_by_start ON eval_runs (started_at DESC);

  CREATE TABLE eval_results (
    run_id TEXT NOT NULL REFERENCES eval_runs (id) ON DELETE CASCADE,
    prompt_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    category TEXT NOT NULL,
    score REAL NOT NULL,
    result TEXT NOT NULL,
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (run_id, prompt_id, attempt)
  );
  `,
  // Eval results are camelCase, like every JSON document punie prints (`punie eval --json` prints
  // them as stored): the keys of results stored before are renamed in place.
  [
    ["tool_calls", "toolCalls"],
    ["keywords_found", "keywordsFound"],
    ["check.exit_code", "check.exitCode"],
    ["duration_ms", "durationMs"],
    ["stop_reason", "stopReason"],
    ["model_error", "modelError"],
    ["session_id", "sessionId"],
  ]
    .map(([from, to]) => `UPDATE eval_results SET result = json_remove(json_set(result, '$.${to}', result -> '$.${from}'), '$.${from}') WHERE result -> '$.${from}' IS NOT NULL;`)
    .join("\n"),
];

export const SCHEMA_VERSION = MIGRATIONS.length;
