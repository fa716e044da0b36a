// `npm run inspect -- <entity> [--json | --csv] [--limit N] [--since T] [--client ID]`: read-only look into the data directory.
import { parseArgs } from 'node:util'
import { AppError } from '@shared/contract/errors'
import { loadConfig } from '../config/config'
import { defaultDataDir } from '../config/data-dir'
import { entities, formatCsv, formatJsonLines, formatTable, inspect, parseSince } from './inspect'

const usage = `Usage: npm run inspect -- <entity> [--json | --csv] [--limit N] [--since T] [--client ID]

Entities:
${Object.entries(entities)
  .map(([name, entity]) => `  ${name.padEnd(11)} ${entity.describe}`)
  .join('\n')}

--json prints one JSON object per line; --csv prints CSV (a header, then one row per line).
--since takes an ISO 8601 date or time, or an age (30m, 24h, 7d); --client a client id or
"unassigned" (entities with a time or a client: messages, conversations, analytics). The data directory is
WAPC_DATA_DIR, or the OS app-data folder. Nothing is ever modified.`

try {
  const { values, positionals } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      limit: { type: 'string' },
      since: { type: 'string' },
      client: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  })
  const entity = positionals[0]
  if (values.help || !entity) {
    process.stdout.write(`${usage}\n`)
    process.exit(entity || values.help ? 0 : 2)
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit)
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new AppError('VALIDATION', '--limit takes a positive whole number.')
  const { dataDir } = loadConfig({ defaultDataDir: defaultDataDir() })
  if (values.json && values.csv) throw new AppError('VALIDATION', 'Use --json or --csv, not both.')
  const rows = inspect({
    dataDir,
    entity,
    ...(limit ? { limit } : {}),
    ...(values.since === undefined ? {} : { since: parseSince(values.since, Date.now()) }),
    ...(values.client === undefined ? {} : { client: values.client }),
  })
  process.stdout.write(
    values.csv
      ? formatCsv(rows)
      : values.json
        ? rows.length
          ? `${formatJsonLines(rows)}\n`
          : ''
        : `${formatTable(rows)}\n`,
  )
} catch (error) {
  const message = AppError.is(error)
    ? `${error.message}${error.fix ? `\nFix: ${error.fix}` : ''}`
    : String(error)
  process.stderr.write(`${message}\n`)
  process.exit(1)
}
