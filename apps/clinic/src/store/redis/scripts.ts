/**
 * Lua scripts of the Redis store. Each write checks references / uniqueness and
 * writes in one script, so it is atomic (Redis runs a script to completion
 * without interleaving). Each list is one script: the page of IDs plus one
 * HGETALL per ID, in a single round trip.
 *
 * Conventions: ARGV only (keys are derived inside the scripts from the layout in
 * `keys.ts`, so this targets standalone Redis, not Cluster). Write replies are
 * arrays whose first element is a status: `ok`, `missing` (no such record),
 * `invalid` followed by `field, kind, detail` triples (kind `missing` | `taken` |
 * `linked`), or `referenced` followed by `what, count` pairs. List replies are one
 * JSON string (cjson), which the client decodes much faster than 100 nested
 * RESP replies.
 */

/** A script's source and its SHA1 (filled in by the store). */
export interface LuaScript {
  readonly name: string;
  readonly source: string;
}

// Shared helpers: reference/unique checks and HGETALL → table.
const PRELUDE = `
local function check(spec, fields, except_id)
  local problems = {}
  for _, r in ipairs(spec.refs) do
    local v = fields[r.field]
    if v ~= nil and redis.call('EXISTS', r.target .. ':' .. v) == 0 then
      problems[#problems + 1] = r.field
      problems[#problems + 1] = 'missing'
      problems[#problems + 1] = v
    end
  end
  for _, u in ipairs(spec.unique) do
    local v = fields[u.field]
    if v ~= nil then
      local owner = redis.call('HGET', u.index, v)
      if owner and owner ~= except_id then
        problems[#problems + 1] = u.field
        problems[#problems + 1] = 'taken'
        problems[#problems + 1] = owner
      end
    end
  end
  return problems
end
local function hash_to_table(flat)
  local t = {}
  for i = 1, #flat, 2 do t[flat[i]] = flat[i + 1] end
  return t
end
local function table_to_flat(t)
  local flat = {}
  for k, v in pairs(t) do
    flat[#flat + 1] = k
    flat[#flat + 1] = v
  end
  return flat
end
`;

/** ARGV: spec JSON, fields JSON (string values). Reply: `ok, id` | `invalid, ...`. */
export const CREATE: LuaScript = {
  name: 'create',
  source: `${PRELUDE}
local spec = cjson.decode(ARGV[1])
local fields = cjson.decode(ARGV[2])
local problems = check(spec, fields, nil)
if #problems > 0 then return { 'invalid', unpack(problems) } end
local id = redis.call('INCR', spec.entity .. ':autoID')
redis.call('HSET', spec.entity .. ':' .. id, unpack(table_to_flat(fields)))
redis.call('ZADD', spec.entity .. ':ids', id, id)
for _, r in ipairs(spec.refs) do
  redis.call('SADD', r.target .. ':' .. fields[r.field] .. ':' .. r.backref, id)
end
for _, u in ipairs(spec.unique) do
  redis.call('HSET', u.index, fields[u.field], id)
end
return { 'ok', id }
`,
};

/** ARGV: spec JSON, fields JSON, id. Reply: `ok` | `missing` | `invalid, ...`. */
export const UPDATE: LuaScript = {
  name: 'update',
  source: `${PRELUDE}
local spec = cjson.decode(ARGV[1])
local fields = cjson.decode(ARGV[2])
local id = ARGV[3]
local key = spec.entity .. ':' .. id
if redis.call('EXISTS', key) == 0 then return { 'missing' } end
local problems = check(spec, fields, id)
if #problems > 0 then return { 'invalid', unpack(problems) } end
local old = hash_to_table(redis.call('HGETALL', key))
redis.call('DEL', key)
redis.call('HSET', key, unpack(table_to_flat(fields)))
for _, r in ipairs(spec.refs) do
  local before, after = old[r.field], fields[r.field]
  if before ~= after then
    if before then redis.call('SREM', r.target .. ':' .. before .. ':' .. r.backref, id) end
    redis.call('SADD', r.target .. ':' .. after .. ':' .. r.backref, id)
  end
end
for _, u in ipairs(spec.unique) do
  local before, after = old[u.field], fields[u.field]
  if before ~= after then
    if before and redis.call('HGET', u.index, before) == id then redis.call('HDEL', u.index, before) end
    redis.call('HSET', u.index, after, id)
  end
end
return { 'ok' }
`,
};

/** ARGV: spec JSON, id. Reply: `ok` | `missing` | `referenced, what, count, ...`. */
export const DELETE: LuaScript = {
  name: 'delete',
  source: `${PRELUDE}
local spec = cjson.decode(ARGV[1])
local id = ARGV[2]
local key = spec.entity .. ':' .. id
if redis.call('EXISTS', key) == 0 then return { 'missing' } end
local blockers = {}
for _, b in ipairs(spec.inbound) do
  local n = redis.call('SCARD', b.prefix .. id .. b.suffix)
  if n > 0 then
    blockers[#blockers + 1] = b.what
    blockers[#blockers + 1] = n
  end
end
if #blockers > 0 then return { 'referenced', unpack(blockers) } end
local old = hash_to_table(redis.call('HGETALL', key))
for _, r in ipairs(spec.refs) do
  if old[r.field] then redis.call('SREM', r.target .. ':' .. old[r.field] .. ':' .. r.backref, id) end
end
for _, u in ipairs(spec.unique) do
  local v = old[u.field]
  if v and redis.call('HGET', u.index, v) == id then redis.call('HDEL', u.index, v) end
end
redis.call('DEL', key)
redis.call('ZREM', spec.entity .. ':ids', id)
return { 'ok' }
`,
};

/** ARGV: spec JSON, partial fields JSON, except id or ''. Reply: `field, kind, detail` triples. */
export const CHECK: LuaScript = {
  name: 'check',
  source: `${PRELUDE}
local spec = cjson.decode(ARGV[1])
local fields = cjson.decode(ARGV[2])
local except_id = ARGV[3]
if except_id == '' then except_id = nil end
return check(spec, fields, except_id)
`,
};

/**
 * ARGV: entity, offset, limit. Reply: JSON `{"total": n, "rows": [[id, [field, value, ...]], ...]}`,
 * newest first (an empty `rows` is encoded as `{}` by cjson).
 */
export const LIST: LuaScript = {
  name: 'list',
  source: `
local entity, offset, limit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local rows = {}
if limit > 0 then
  local ids = redis.call('ZRANGE', entity .. ':ids', offset, offset + limit - 1, 'REV')
  for _, id in ipairs(ids) do
    rows[#rows + 1] = { id, redis.call('HGETALL', entity .. ':' .. id) }
  end
end
return cjson.encode({ total = redis.call('ZCARD', entity .. ':ids'), rows = rows })
`,
};

/** ARGV: doctor id, patient id. Reply: `ok` | `invalid, ...`. */
export const LINK_CREATE: LuaScript = {
  name: 'link-create',
  source: `
local d, p = ARGV[1], ARGV[2]
local problems = {}
if redis.call('EXISTS', 'doctor:' .. d) == 0 then
  problems[#problems + 1] = 'doctor_ID'; problems[#problems + 1] = 'missing'; problems[#problems + 1] = d
end
if redis.call('EXISTS', 'patient:' .. p) == 0 then
  problems[#problems + 1] = 'patient_ID'; problems[#problems + 1] = 'missing'; problems[#problems + 1] = p
end
if #problems == 0 and redis.call('SISMEMBER', 'doctor-patient:' .. d, p) == 1 then
  problems = { 'patient_ID', 'linked', d }
end
if #problems > 0 then return { 'invalid', unpack(problems) } end
redis.call('SADD', 'doctor-patient:' .. d, p)
redis.call('SADD', 'patient:' .. p .. ':doctors', d)
local seq = redis.call('INCR', 'doctor-patient:autoID')
redis.call('ZADD', 'doctor-patient:ids', seq, d .. ':' .. p)
return { 'ok' }
`,
};

/** ARGV: doctor id, patient id. Reply: `ok` | `missing`. */
export const LINK_DELETE: LuaScript = {
  name: 'link-delete',
  source: `
local d, p = ARGV[1], ARGV[2]
if redis.call('SREM', 'doctor-patient:' .. d, p) == 0 then return { 'missing' } end
redis.call('SREM', 'patient:' .. p .. ':doctors', d)
redis.call('ZREM', 'doctor-patient:ids', d .. ':' .. p)
return { 'ok' }
`,
};

/** ARGV: offset, limit. Reply: `total, "d:p", "d:p", ...` newest first. */
export const LINK_LIST: LuaScript = {
  name: 'link-list',
  source: `
local offset, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
local out = { redis.call('ZCARD', 'doctor-patient:ids') }
if limit > 0 then
  local members = redis.call('ZRANGE', 'doctor-patient:ids', offset, offset + limit - 1, 'REV')
  for _, m in ipairs(members) do out[#out + 1] = m end
end
return out
`,
};

/**
 * ARGV: doctor id, offset, limit. Reply: JSON `{"missing": true}` or
 * `{"total": n, "rows": [[id, [field, value, ...]], ...]}` (patient ID descending).
 */
export const DOCTOR_PATIENTS: LuaScript = {
  name: 'doctor-patients',
  source: `
local d, offset, limit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
if redis.call('EXISTS', 'doctor:' .. d) == 0 then return cjson.encode({ missing = true }) end
local key = 'doctor-patient:' .. d
local rows = {}
if limit > 0 then
  local ids = redis.call('SORT', key, 'LIMIT', offset, limit, 'DESC')
  for _, id in ipairs(ids) do
    rows[#rows + 1] = { id, redis.call('HGETALL', 'patient:' .. id) }
  end
end
return cjson.encode({ total = redis.call('SCARD', key), rows = rows })
`,
};

/** No ARGV. Reply: counts of hospital, doctor, patient, diagnosis, links. */
export const COUNTS: LuaScript = {
  name: 'counts',
  source: `
return {
  redis.call('ZCARD', 'hospital:ids'), redis.call('ZCARD', 'doctor:ids'),
  redis.call('ZCARD', 'patient:ids'), redis.call('ZCARD', 'diagnosis:ids'),
  redis.call('ZCARD', 'doctor-patient:ids')
}
`,
};
