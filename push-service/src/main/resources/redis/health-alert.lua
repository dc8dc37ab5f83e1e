-- Raise or recover one health alert, atomically against the health state, so that however many push nodes evaluate
-- (a lease handover, a stale evaluation) each alert is raised once and recovered once. The event goes through the same
-- places as a device alert: the active-alerts hash (so operators acknowledge and clear it like any other), the
-- recent-events stream (its entry id is the seq) and a doorbell on the events channel naming it
-- (io.pulse.contracts.RedisCodec#doorbellMessage: the stream's last entry before it, then it as first and last).
-- KEYS: 1 health alerts hash, 2 active alerts hash, 3 events stream
-- ARGV: 1 events channel, 2 'raise' or 'recover', 3 alert id, 4 alert event JSON
-- Returns 1 when the transition happened, 0 when it had happened already.
local health, active, stream = KEYS[1], KEYS[2], KEYS[3]
local channel, op, alertId, json = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if op == 'raise' then
    if redis.call('HSETNX', health, alertId, json) == 0 then
        return 0
    end
    redis.call('HSET', active, alertId, json)
elseif op == 'recover' then
    if redis.call('HDEL', health, alertId) == 0 then
        return 0
    end
    redis.call('HDEL', active, alertId)
else
    return redis.error_reply('unknown health operation ' .. tostring(op))
end
-- the id of the last entry ever appended ('0-0' without a stream), as ingest-batch.lua: trimming does not change it
local prev, info = '0-0', redis.pcall('XINFO', 'STREAM', stream)
if type(info) == 'table' and not info.err then
    for j = 1, #info, 2 do
        if info[j] == 'last-generated-id' then
            prev = info[j + 1]
        end
    end
end
local seq = redis.call('XADD', stream, '*', 'e', json)
redis.call('PUBLISH', channel, '{"prev":"' .. prev .. '","first":"' .. seq .. '","last":"' .. seq .. '"}')
return 1
