/**
 * The tables that keep a record as a document (`data`), and the columns each derives
 * from it for its lists. A new filter is a column here and in a migration.
 */
export interface DocumentTable {
  /** The table's name. */
  name: string;
  /** What a record is called in an error message. */
  what: string;
  /** Column name → SQL expression over the document `d` (JSONB). */
  columns: Readonly<Record<string, string>>;
}

const text = (field: string) => `d->>'${field}'`;
const time = (field: string) => `(d->>'${field}')::timestamptz`;

export const REPORTS: DocumentTable = {
  name: 'reports',
  what: 'Report',
  columns: {
    tenant: text('tenant'),
    mode: text('mode'),
    state: text('state'),
    severity: text('severity'),
    received_at: time('receivedAt'),
    acknowledged_at: time('acknowledgedAt'),
    resolved_at: time('resolvedAt'),
  },
};

export const INCIDENTS: DocumentTable = {
  name: 'incidents',
  what: 'Incident',
  columns: {
    state: text('state'),
    notified_at: time('notifiedAt'),
    mode: text('mode'),
    affected_tenants: `ARRAY(SELECT jsonb_array_elements_text(d->'affectedTenants'))`,
  },
};

export const EVIDENCE_REQUESTS: DocumentTable = {
  name: 'evidence_requests',
  what: 'Evidence request',
  columns: { tenant: text('tenant'), state: text('state'), mode: text('mode') },
};

export const OUTBOX: DocumentTable = {
  name: 'outbox',
  what: 'Email',
  columns: {
    status: text('status'),
    due_at: `coalesce(d->>'nextAttemptAt', d->>'createdAt')::timestamptz`,
    kind: text('kind'),
    related_id: text('relatedId'),
    mode: text('mode'),
  },
};

export const MISSED_DEADLINES: DocumentTable = {
  name: 'missed_deadlines',
  what: 'Missed deadline',
  columns: { target_type: text('targetType'), target_id: text('targetId'), due_at: time('dueAt'), met_at: time('metAt') },
};

/** The statements that read and write one record of `table`. */
export function statementsOf(table: DocumentTable) {
  const names = Object.keys(table.columns);
  const exprs = Object.values(table.columns);
  const doc = '(SELECT $2::jsonb AS d) AS doc';
  const insert = `INSERT INTO ${table.name} AS t (id, ${names.join(', ')}, data) SELECT $1, ${exprs.join(', ')}, d FROM ${doc}`;
  return {
    /** `$1` id: the document and its version, the row locked until the unit ends. */
    readForUpdate: `SELECT data, version FROM ${table.name} WHERE id = $1 FOR NO KEY UPDATE`,
    /** `$1` id, `$2` document: inserts or replaces it; its new version. */
    upsert: `${insert} ON CONFLICT (id) DO UPDATE SET ${names.map((name) => `${name} = EXCLUDED.${name}`).join(', ')}, data = EXCLUDED.data, version = t.version + 1 RETURNING version`,
    /** `$1` id, `$2` document: inserts it unless the id is taken (no row then). */
    insertNew: `${insert} ON CONFLICT (id) DO NOTHING RETURNING version`,
    /** `$1` id, `$2` document, `$3` the version read (or null): replaces it if still at that version (no row otherwise). */
    update: `UPDATE ${table.name} AS t SET ${names.map((name, i) => `${name} = ${exprs[i]}`).join(', ')}, data = doc.d, version = t.version + 1 FROM ${doc} WHERE t.id = $1 AND ($3::integer IS NULL OR t.version = $3) RETURNING t.version`,
  };
}
