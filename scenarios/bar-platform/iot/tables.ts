// The IoT tables: devices (from the plan), device_health (a row per device per
// month) and tap_events (every pour), made device chunk by device chunk.
import { inBatches } from '../../../src/engine/batches.js';
import { idKeys, permutedHex } from '../../../src/engine/ids.js';
import type { ChunkContext, Row, TableDef } from '../../../src/engine/model.js';
import { cumulate, normal, normalSource, pickCumulative } from '../../../src/engine/random.js';
import { DEVICE_STATUS_NAMES, type Plan } from '../plan.js';
import { DAY, HOUR, YEAR, weekProfile, drawInWindow, monthStartOf } from '../time.js';
import { DEVICE_MODELS, HOURLY_POURS, PRODUCTS, PRODUCT_TYPE_START, PRODUCT_TYPES, STATES, WEEKDAY_POURS } from '../vocab.js';
import * as S from '../settings.js';
import { DEVICES_PER_CHUNK, deviceMonths, firmwareAt, healthMonths } from './walk.js';

const POURS_BY_HOUR_OF_WEEK = weekProfile(HOURLY_POURS, WEEKDAY_POURS);
const PRODUCT_CUM = cumulate(PRODUCT_TYPES.map((p) => p.share));

const FIRMWARE_VERSIONS = DEVICE_MODELS.flatMap((m) => m.firmware);

const deviceFk = [{ columns: ['device_id'], references: { table: 'devices', columns: ['device_id'] } }];

export function deviceChunks(plan: Plan): number {
  return Math.max(1, Math.ceil(plan.devices.n / DEVICES_PER_CHUNK));
}

function chunkDevices(plan: Plan, chunk: number): [number, number] {
  const from = chunk * DEVICES_PER_CHUNK;
  return [from, Math.min(plan.devices.n, from + DEVICES_PER_CHUNK)];
}

/** The UTC offset (hours) of device d's location. */
export function deviceOffset(plan: Plan, d: number): number {
  return STATES[plan.locations.state[plan.devices.location[d]]].offset;
}

export function firmwareName(plan: Plan, d: number, t: number): string {
  const releases = DEVICE_MODELS[plan.devices.model[d]].firmware;
  return releases[firmwareAt(plan, d, t, releases.length)];
}

// Weak, as every cache of the plan: the plan can go once no table holds it (runner.ts, counted).
const healthOffsetCache = new WeakMap<Plan, Float64Array>();
/** First health_id - 1 of each device: its months are counted, not drawn. */
export function healthOffsets(plan: Plan): Float64Array {
  let out = healthOffsetCache.get(plan);
  if (!out) {
    out = new Float64Array(plan.devices.n + 1);
    for (let d = 0; d < plan.devices.n; d++) out[d + 1] = out[d] + healthMonths(plan, d).count;
    healthOffsetCache.set(plan, out);
  }
  return out;
}

const walkStreams = (ctx: ChunkContext) => ({ outages: ctx.stream('outages', 'device_health'), split: ctx.stream('split', 'device_health') });

function* healthRows(plan: Plan, ctx: ChunkContext): Generator<Row> {
  const [from, to] = chunkDevices(plan, ctx.chunk);
  const { outages, split } = walkStreams(ctx);
  const rng = ctx.stream();
  const ids = healthOffsets(plan);
  const dev = plan.devices;
  for (let d = from; d < to; d++) {
    let id = ids[d];
    const months = deviceMonths(plan, d, outages, split);
    for (const m of months) {
      const outage = m.outageTo - m.outageFrom;
      const age = (m.from - dev.installed[d]) / YEAR;
      const installed = m.to - m.from;
      const up = m.liveTo - m.from - outage;
      const accuracy = 99.6 - 0.35 * age - Math.abs(0.3 * normal(rng));
      const stoppedHere = dev.status[d] === 2 && dev.liveEnd[d] >= m.from && dev.liveEnd[d] < m.to;
      yield [
        ++id,
        d + 1,
        monthStartOf(m.month) / DAY,
        Math.round(installed / 360), // tenths of an hour
        outage ? m.outageFrom : null,
        outage ? m.outageTo : null,
        Math.round((up / installed) * 10_000),
        m.taps,
        Math.round(Math.max(90, accuracy) * 100),
        firmwareName(plan, d, m.to - 1),
        outage >= S.MAINTENANCE_HOURS * HOUR || stoppedHere,
      ];
    }
  }
}

/** Every pour of the chunk's devices, in batches of ctx.batchSize built here (200M rows: no per-row generator step). */
function* tapBatches(plan: Plan, ctx: ChunkContext): Generator<Row[]> {
  let batch: Row[] = [];
  const [from, to] = chunkDevices(plan, ctx.chunk);
  const { outages, split } = walkStreams(ctx);
  const rng = ctx.stream();
  const dev = plan.devices;
  for (let d = from; d < to; d++) {
    let id = dev.tapOffset[d];
    const offset = deviceOffset(plan, d);
    const deviceId = d + 1;
    for (const m of deviceMonths(plan, d, outages, split)) {
      if (m.taps === 0) continue;
      const times = new Float64Array(m.taps);
      for (let k = 0; k < m.taps; k++) {
        let t = drawInWindow(rng, POURS_BY_HOUR_OF_WEEK, offset, m.from, m.liveTo, m.outageFrom, m.outageTo);
        if (t < 0) {
          // A window of minutes: any second of it outside the outage.
          t = m.from + Math.floor(rng() * (m.liveTo - m.from));
          if (t >= m.outageFrom && t < m.outageTo) t = m.outageTo < m.liveTo ? m.outageTo : m.outageFrom - 1;
        }
        times[k] = t;
      }
      times.sort();
      const warm = S.TEMPERATURE_DRIFT_PER_YEAR * ((m.from - dev.installed[d]) / YEAR);
      const gauss = normalSource(rng);
      for (let k = 0; k < m.taps; k++) {
        const type = pickCumulative(rng, PRODUCT_CUM);
        const p = PRODUCT_TYPES[type];
        const product = PRODUCT_TYPE_START[type] + Math.floor(rng() * p.names.length);
        // Readings are capped (a sensor's range, and no outliers at 200M rows).
        const volume = Math.min(p.volume[0] + S.CAP_SD * p.volume[1], Math.max(p.volume[0] * S.MIN_VOLUME_SHARE, p.volume[0] + p.volume[1] * gauss()));
        const temperature = Math.min(p.temperature[0] + S.CAP_SD * p.temperature[1] + warm, Math.max(p.temperature[0] - S.CAP_SD * p.temperature[1], p.temperature[0] + warm + p.temperature[1] * gauss()));
        const duration = Math.max(200, Math.round((volume / p.flow) * 1000 * (1 + 0.06 * gauss())));
        batch.push([++id, deviceId, times[k], product + 1, Math.round(volume * 10), Math.round(temperature * 10), duration]);
        if (batch.length === ctx.batchSize) yield batch, (batch = []);
      }
    }
  }
  if (batch.length) yield batch;
}

export function iotTables(plan: Plan, seed: number): TableDef[] {
  const dev = plan.devices;
  const serialKeys = idKeys(seed, 'device-serial');
  const chunks = () => deviceChunks(plan);
  return [
    {
      spec: {
        name: 'products',
        description: 'What the taps pour: the product catalogue, by type, with its serving size, temperature and flow',
        columns: [
          { name: 'product_id', type: 'integer' },
          { name: 'product_name', type: 'text', values: PRODUCTS.map((x) => x.name) },
          { name: 'product_type', type: 'text', description: 'beer, wine, cocktail, spirits or non_alcoholic', values: PRODUCT_TYPES.map((p) => p.type) },
          { name: 'serving_ml', type: 'decimal', precision: 6, scale: 1, description: "the type's mean pour" },
          { name: 'serving_temperature_c', type: 'decimal', precision: 4, scale: 1 },
          { name: 'flow_ml_per_second', type: 'integer' },
        ],
        primaryKey: ['product_id'],
        keyOrder: 'ascending',
      },
      estimateRows: () => PRODUCTS.length,
      exactRows: true,
      chunks: () => 1,
      generate: (ctx) =>
        inBatches(
          PRODUCTS.map((x, i): Row => {
            const p = PRODUCT_TYPES[x.type];
            return [i + 1, x.name, p.type, Math.round(p.volume[0] * 10), Math.round(p.temperature[0] * 10), p.flow];
          }),
          ctx.batchSize,
        ),
    },
    {
      spec: {
        name: 'devices',
        description: 'IoT tap devices: 2-5 per location (about 3), installed after the location opened',
        columns: [
          { name: 'device_id', type: 'integer' },
          { name: 'location_id', type: 'integer' },
          { name: 'account_id', type: 'integer' },
          { name: 'serial_number', type: 'text', description: 'TF- and 16 hex digits, unique' },
          { name: 'model', type: 'text', description: 'TapFlow T1 50% / T2 Pro 35% / X 15%', values: DEVICE_MODELS.map((m) => m.name) },
          { name: 'firmware_version', type: 'text', description: "the model's release the device ran when it last reported; releases spread over the history, each reaching a device after an exponential lag (mean 45 days)", values: FIRMWARE_VERSIONS },
          { name: 'installed_at', type: 'timestamp', description: 'the location opening plus an exponential wait (mean 20 days)' },
          { name: 'status', type: 'text', description: 'online 85% / offline 10% / maintenance 5% for active accounts; decommissioned for churned accounts', values: DEVICE_STATUS_NAMES },
          { name: 'last_seen_at', type: 'timestamp', description: 'online: within 15 minutes of as_of; offline: 1 hour to 30 days before; maintenance: 1 hour to 14 days before; decommissioned: at churn' },
        ],
        primaryKey: ['device_id'],
        keyOrder: 'ascending',
        foreignKeys: [
          { columns: ['location_id'], references: { table: 'locations', columns: ['location_id'] } },
          { columns: ['account_id'], references: { table: 'accounts', columns: ['account_id'] } },
        ],
        timeColumn: 'installed_at',
      },
      estimateRows: () => dev.n,
      exactRows: true,
      chunks: () => 1,
      generate: (ctx) => {
        function* rows(): Generator<Row> {
          for (let d = 0; d < dev.n; d++) {
            const loc = dev.location[d];
            yield [d + 1, loc + 1, plan.locations.account[loc] + 1, `TF-${permutedHex(d, serialKeys).toUpperCase()}`, DEVICE_MODELS[dev.model[d]].name, firmwareName(plan, d, dev.lastSeen[d]), dev.installed[d], DEVICE_STATUS_NAMES[dev.status[d]], dev.lastSeen[d]];
          }
        }
        return inBatches(rows(), ctx.batchSize);
      },
    },
    {
      spec: {
        name: 'device_health',
        description: 'One row per device per month installed: outages, uptime and pours computed from the same walk as tap_events',
        columns: [
          { name: 'health_id', type: 'bigint' },
          { name: 'device_id', type: 'integer' },
          { name: 'month', type: 'date', description: 'first day of the UTC month' },
          { name: 'hours_installed', type: 'decimal', precision: 6, scale: 1, description: 'hours of the month the device was installed (to as_of, or the account\'s churn)' },
          { name: 'outage_start', type: 'timestamp', nullable: true, description: 'an outage in the month: chance 4% plus 3% per year of age; length exponential, mean 10 hours, at most 96' },
          { name: 'outage_end', type: 'timestamp', nullable: true },
          { name: 'uptime_pct', type: 'decimal', precision: 5, scale: 2, description: '100 x (installed time - outage - time offline or in maintenance since it stopped reporting) / installed time' },
          { name: 'tap_events', type: 'integer', description: "exactly the device's tap_events rows in the month" },
          { name: 'pour_accuracy_pct', type: 'decimal', precision: 5, scale: 2, description: 'degrades with age: 99.6 - 0.35 per year - |Normal(0, 0.3)|' },
          { name: 'firmware_version', type: 'text', description: 'the release the device ran at the end of the month', values: FIRMWARE_VERSIONS },
          { name: 'maintenance', type: 'boolean', description: 'an outage of 24 hours or more, or the month the device went into maintenance' },
        ],
        primaryKey: ['health_id'],
        keyOrder: 'ascending',
        foreignKeys: deviceFk,
        timeColumn: 'month',
      },
      estimateRows: () => healthOffsets(plan)[dev.n],
      exactRows: true,
      chunks,
      generate: (ctx) => inBatches(healthRows(plan, ctx), ctx.batchSize),
    },
    {
      spec: {
        name: 'tap_events',
        description: 'Every pour of every device while installed and reporting, never during an outage; peak 6-10pm local time, busier weekends, summer and December',
        columns: [
          { name: 'tap_id', type: 'bigint' },
          { name: 'device_id', type: 'integer' },
          { name: 'tapped_at', type: 'timestamp', description: 'UTC; local time (the location state\'s standard offset) follows the hourly and weekday pour profile' },
          { name: 'product_id', type: 'integer', description: 'by type (beer 55% / wine 15% / cocktail 12% / spirits 8% / non_alcoholic 10%), then uniform among the type\'s products' },
          { name: 'volume_ml', type: 'decimal', precision: 6, scale: 1, description: 'Normal by type: beer 440±60, wine 150±18, cocktail 120±20, spirits 44±6, non-alcoholic 350±50 (at least a quarter of the mean)' },
          { name: 'temperature_c', type: 'decimal', precision: 4, scale: 1, description: 'Normal by type (beer 3.5±0.6 C ...), 0.25 C warmer per year of device age' },
          { name: 'duration_ms', type: 'integer', description: 'volume / the type\'s flow rate, ±6%' },
        ],
        primaryKey: ['tap_id'],
        keyOrder: 'ascending',
        foreignKeys: [...deviceFk, { columns: ['product_id'], references: { table: 'products', columns: ['product_id'] } }],
        timeColumn: 'tapped_at',
      },
      estimateRows: () => dev.tapOffset[dev.n],
      exactRows: true,
      chunks,
      generate: (ctx) => tapBatches(plan, ctx),
    },
  ];
}
