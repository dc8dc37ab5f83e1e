-- Raise or recover one health alert, atomically against the health state, so that however many push nodes evaluate
-- (a lease handover, a stale evaluation) each alert is raised once and recovered once. The event goes through the same
-- places as a device alert: the active-alerts hash (so operators acknowledge and clear it like any other), the
-- recent-events stream (its entry id is the seq) and the events channel (one message, a JSON array of one event).
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
local seq = redis.call('XADD', stream, '*', 'e', json)
redis.call('PUBLISH', channel, '[{"seq":"' .. seq .. '","event":' .. json .. '}]')
return 1
