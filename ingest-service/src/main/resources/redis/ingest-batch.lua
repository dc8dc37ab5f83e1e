-- One ingest batch, atomically: append every event to the recent-events stream (its entry id is the event's seq),
-- update device state, history, status and active alerts, then PUBLISH one doorbell naming the entries appended
-- (io.pulse.contracts.RedisCodec#doorbellMessage: prev, first, last); push nodes read the events from the stream, so
-- the message does not repeat them (building and copying it was a sixth of Redis' work: docs/benchmarks.md). Derived events (status changes, rule recoveries, operator changes) are decided here, against the
-- state in Redis, so that several ingest instances and redeliveries produce each change exactly once.
--
-- Every device_data event and history entry carries the device's sequence number (deviceSeq): +1 per accepted
-- reading of that device, kept in its state hash, so a client can tell exactly which readings it skipped.
--
-- A device is offline when its own records stop, judged against the stream: each Kafka partition's online devices
-- are in a sorted set of their own, scored by the append time of their last record, and a partition's devices are
-- judged against how far ingest got in that partition (its progress, the newest append time stored) unless ingest
-- has consumed everything the partition holds; so while ingest is behind, unassigned or restarting nobody is
-- declared offline because of ingest's own gap.
--
-- KEYS: 1 events stream, 2 devices zset (all devices by last seen), 3 online zset prefix (online devices by the
--       append time of their last record: <prefix>:<partition>; the bare prefix for readings that came over HTTP),
--       4 active alerts hash, 5 partition progress hash (partition -> newest append time stored)
-- ARGV: 1 channel, 2 now (ms), 3 events max length, 4 events min id (ms), 5 history max points,
--       6 history min id (ms), or 0 to leave the age trim of histories to a later call (it runs about once a second),
--       7 history ttl (ms), 8 device key prefix, 9 history key prefix, 10 location index key prefix, 11.. operations:
--   d eventId deviceId deviceType location time sourceTime metricsJson flags partition eventHead
--       a reading, which becomes a device_data event; flags: 1 = first of this device in the batch, 2 = last, 3 = both;
--       the first also keeps the device in the location index (RedisLayout.locationKey); partition: its Kafka
--       partition, -1 when it came over HTTP; eventHead: the event's JSON up to its deviceSeq
--       ({"eventId":...,"sourceTimestamp":...,"deviceSeq":), written by ingest (cheaper there than in this script:
--       docs/benchmarks.md)
--   p partition appendTime
--       ingest has stored every record of the partition up to this append time
--   a alertId eventJson onlyIfAbsent deviceId location index
--       an alert event; with onlyIfAbsent = 1 (rule raise) only when the alert is not active yet; a device's own
--       alert (onlyIfAbsent = 0) never overwrites an alert of another device or location: it is refused and its
--       index (the record's position in the call) returned, so that ingest dead-letters it
--   r ruleKey value details
--       recover the rule alert rule-<deviceId>-<ruleKey> of the preceding reading, if it is active; details:
--       level, metric, threshold and message suffix, tab-separated (split only when an alert recovers)
--   x alertId eventId action time sourceTime
--       an operator's acknowledge or clear
--   o offlineAfter limit caughtUp
--       mark devices silent for offlineAfter ms offline, at most limit of them; caughtUp: comma-separated partitions
--       whose records ingest has all consumed (judged by the wall clock; the others by their progress)
-- Returns { number of events appended, index of each refused record... }.

local stream, devices, online, active, progress = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local channel, now, maxLen, minId = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local historyMax, historyMinId, historyTtl = ARGV[5], ARGV[6], ARGV[7]
local devicePrefix, historyPrefix, locationPrefix = ARGV[8], ARGV[9], ARGV[10]

-- the doorbell: the id of the stream's last entry before this call's first append, first and last appended
local prev, first, last, appended = nil, nil, nil, 0

-- The id of the last entry ever appended to the stream, '0-0' when there is no stream: not the newest entry still
-- there, which trimming may have removed (a quiet spell longer than the window) without push having missed anything.
local function lastAppended()
    local info = redis.pcall('XINFO', 'STREAM', stream)
    if type(info) == 'table' and not info.err then
        for j = 1, #info, 2 do
            if info[j] == 'last-generated-id' then
                return info[j + 1]
            end
        end
    end
    return '0-0'
end
-- indexes of the records refused (a device alert whose id belongs to another device or location)
local refused = {}

local function append(json)
    if appended == 0 then
        prev = lastAppended()
    end
    last = redis.call('XADD', stream, 'MAXLEN', '~', maxLen, '*', 'e', json)
    if appended == 0 then
        first = last
    end
    appended = appended + 1
end

-- Ids, types and locations match the contract's patterns (no quotes or backslashes), so they need no escaping;
-- building the frequent device_data events here rather than in Java is the cheaper place (measured: see
-- docs/benchmarks.md).
local function eventHead(eventId, eventType, deviceId, deviceType, location, level, time, sourceTime)
    local json = '{"eventId":"' .. eventId .. '","type":"' .. eventType .. '","deviceId":"' .. deviceId
            .. '","deviceType":"' .. deviceType .. '","location":"' .. location .. '"'
    if level then
        json = json .. ',"level":"' .. level .. '"'
    end
    return json .. ',"timestamp":' .. time .. ',"sourceTimestamp":' .. sourceTime
end

local function statusEvent(eventId, deviceId, deviceType, location, time, sourceTime, status, lastSeen)
    return eventHead(eventId, 'device_status', deviceId, deviceType, location, nil, time, sourceTime)
            .. ',"status":{"status":"' .. status .. '","lastSeen":' .. lastSeen .. '}}'
end

-- numbers decoded from a stored event come back as Lua numbers; 14 digits print 9.4 as 9.4, not 9.4000000000000004
local function number(value)
    if type(value) == 'number' then
        return string.format('%.14g', value)
    end
    return value
end

local function alertEvent(eventId, deviceId, deviceType, location, time, sourceTime, a)
    local json = eventHead(eventId, 'alert', deviceId, deviceType, location, a.level, time, sourceTime)
            .. ',"alert":{"alertId":' .. cjson.encode(a.alertId) .. ',"level":"' .. a.level .. '","state":"'
            .. a.state .. '","message":' .. cjson.encode(a.message)
    if a.metric then
        json = json .. ',"metric":"' .. a.metric .. '"'
    end
    if a.value then
        json = json .. ',"value":' .. number(a.value)
    end
    if a.threshold then
        json = json .. ',"threshold":' .. number(a.threshold)
    end
    return json .. ',"source":"' .. a.source .. '"}}'
end

-- every scope covering a location, deepest first: a/b/c gives a/b/c, a/b, a (io.pulse.contracts.LocationScope)
local function scopes(location)
    local list, current = { location }, location
    local slash = current:match('.*()/')
    while slash and slash > 1 do
        current = current:sub(1, slash - 1)
        list[#list + 1] = current
        slash = current:match('.*()/')
    end
    return list
end

-- the location index: the device in the set of every scope covering its location, and in no other. Nothing to do
-- when its hash already holds this location (written by this script, which indexed it then).
local function indexLocation(id, location, oldLocation)
    if oldLocation == location then
        return
    end
    local added = redis.call('SADD', locationPrefix .. location, id) == 1
    if oldLocation and oldLocation ~= location then
        for _, scope in ipairs(scopes(oldLocation)) do
            redis.call('SREM', locationPrefix .. scope, id)
        end
        added = true
    end
    if added then
        for _, scope in ipairs(scopes(location)) do
            redis.call('SADD', locationPrefix .. scope, id)
        end
    end
end

-- History entry ids carry the device time (io.pulse.contracts.RedisLayout.HistoryEntry), so readers ask for a time
-- range by id. A reading older than the newest one kept is filed at the newest's time: the stream stays ordered.
local function addHistory(historyKey, time, metrics, seq)
    local added = redis.pcall('XADD', historyKey, 'MAXLEN', '~', historyMax, time .. '-*', 't', time, 'm', metrics,
        's', seq)
    if type(added) == 'table' and added.err then
        local info, last = redis.call('XINFO', 'STREAM', historyKey), nil
        for j = 1, #info, 2 do
            if info[j] == 'last-generated-id' then
                last = info[j + 1]
            end
        end
        if not last then
            error(added.err)
        end
        redis.call('XADD', historyKey, 'MAXLEN', '~', historyMax, string.match(last, '^(%d+)') .. '-*', 't', time,
            'm', metrics, 's', seq)
    end
end

-- the reading the following rule operations belong to
local current = {}
-- each device's sequence number as of the last reading of this call
local seqs = {}

local function onlineKey(partition)
    if partition == '-1' then
        return online
    end
    return online .. ':' .. partition
end

-- The sorted-set updates of the devices written in this call, made once per key at the end (ZADD takes many
-- members) instead of twice per device: score/member pairs for pulse:devices and for each online set.
local seen, seenOnline = {}, {}

local function zaddAll(key, scored)
    -- unpack is bounded by the Lua C stack (8000 values): at most 500 score/member pairs per call
    for from = 1, #scored, 1000 do
        redis.call('ZADD', key, unpack(scored, from, math.min(#scored, from + 999)))
    end
end

local function flushSeen()
    if #seen > 0 then
        zaddAll(devices, seen)
        seen = {}
    end
    for key, scored in pairs(seenOnline) do
        zaddAll(key, scored)
    end
    seenOnline = {}
end

local i = 11
local n = #ARGV
while i <= n do
    local op = ARGV[i]
    if op == 'd' then
        local eventId, id, deviceType, location, time, sourceTime, metrics, flags, partition, head =
            unpack(ARGV, i + 1, i + 10)
        local deviceKey = devicePrefix .. id
        local historyKey = historyPrefix .. id
        flags = tonumber(flags)
        if flags % 2 == 1 then
            local state = redis.call('HMGET', deviceKey, 'status', 'location', 'deviceSeq')
            if state[1] ~= 'online' then
                append(statusEvent(eventId .. ':online', id, deviceType, location, time, sourceTime, 'online', now))
            end
            indexLocation(id, location, state[2])
            seqs[id] = tonumber(state[3]) or 0
        end
        local seq = seqs[id] + 1
        seqs[id] = seq
        append(head .. seq .. ',"metrics":' .. metrics .. '}')
        addHistory(historyKey, time, metrics, seq)
        if flags >= 2 then
            redis.call('HSET', deviceKey, 'deviceType', deviceType, 'location', location, 'status', 'online',
                'lastSeen', now, 'metrics', metrics, 'eventId', eventId, 'deviceSeq', seq)
            seen[#seen + 1] = now
            seen[#seen + 1] = id
            local key = onlineKey(partition)
            local members = seenOnline[key]
            if not members then
                members = {}
                seenOnline[key] = members
            end
            members[#members + 1] = sourceTime
            members[#members + 1] = id
            if historyMinId ~= '0' then
                redis.call('XTRIM', historyKey, 'MINID', '~', historyMinId)
                redis.call('PEXPIRE', historyKey, historyTtl)
            end
        end
        current.eventId, current.id, current.deviceType, current.location = eventId, id, deviceType, location
        current.time, current.sourceTime = time, sourceTime
        i = i + 11
    elseif op == 'p' then
        local partition, appendTime = ARGV[i + 1], tonumber(ARGV[i + 2])
        local stored = tonumber(redis.call('HGET', progress, partition))
        if not stored or appendTime > stored then
            redis.call('HSET', progress, partition, appendTime)
        end
        i = i + 3
    elseif op == 'a' then
        local alertId, json, onlyIfAbsent, deviceId, location, index = unpack(ARGV, i + 1, i + 6)
        if onlyIfAbsent == '1' then
            if redis.call('HEXISTS', active, alertId) == 0 then
                append(json)
                redis.call('HSET', active, alertId, json)
            end
        else
            local stored = redis.call('HGET', active, alertId)
            local owner = stored and cjson.decode(stored)
            if owner and (owner.deviceId ~= deviceId or owner.location ~= location) then
                refused[#refused + 1] = tonumber(index)
            else
                append(json)
                redis.call('HSET', active, alertId, json)
            end
        end
        i = i + 7
    elseif op == 'r' then
        local ruleKey, value, details = ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
        local alertId = 'rule-' .. current.id .. '-' .. ruleKey
        if redis.call('HDEL', active, alertId) == 1 then
            local level, metric, threshold, suffix = string.match(details, '^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$')
            append(alertEvent(current.eventId .. ':rule-' .. ruleKey, current.id, current.deviceType,
                current.location, current.time, current.sourceTime,
                { alertId = alertId, level = level, state = 'recovered', message = metric .. ' ' .. value .. suffix,
                  metric = metric, value = value, threshold = threshold, source = 'rule' }))
        end
        i = i + 4
    elseif op == 'x' then
        local alertId, eventId, action, time, sourceTime = unpack(ARGV, i + 1, i + 5)
        local stored = redis.call('HGET', active, alertId)
        if stored then
            local event = cjson.decode(stored)
            local a = event.alert
            local state = action == 'acknowledge' and 'acknowledged' or 'cleared'
            if a.state ~= state then
                a.state, a.source = state, 'operator'
                local json = alertEvent(eventId, event.deviceId, event.deviceType, event.location, time, sourceTime, a)
                append(json)
                if state == 'cleared' then
                    redis.call('HDEL', active, alertId)
                else
                    redis.call('HSET', active, alertId, json)
                end
            end
        end
        i = i + 6
    elseif op == 'o' then
        -- the sweep judges the online sets: they must hold this call's readings first
        flushSeen()
        local offlineAfter, limit, caughtUp = tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]), ARGV[i + 3]
        local wallCutoff = tonumber(now) - offlineAfter
        -- HTTP readings and partitions ingest has consumed to the end: silence by the wall clock; the others only
        -- as far as ingest got in them
        local cutoffs = { ['-1'] = wallCutoff }
        local stored = redis.call('HGETALL', progress)
        for j = 1, #stored, 2 do
            cutoffs[stored[j]] = math.min(tonumber(stored[j + 1]) - offlineAfter, wallCutoff)
        end
        for partition in string.gmatch(caughtUp, '[^,]+') do
            cutoffs[partition] = wallCutoff
        end
        local left = limit
        for partition, cutoff in pairs(cutoffs) do
            local key = onlineKey(partition)
            local silent = redis.call('ZRANGEBYSCORE', key, '-inf', cutoff, 'LIMIT', 0, left)
            for j = 1, #silent do
                local id = silent[j]
                local deviceKey = devicePrefix .. id
                redis.call('ZREM', key, id)
                local state = redis.call('HMGET', deviceKey, 'deviceType', 'location', 'status', 'lastSeen')
                if state[3] == 'online' then
                    redis.call('HSET', deviceKey, 'status', 'offline')
                    append(statusEvent('status-' .. id .. '-' .. state[4], id, state[1], state[2], now, now,
                        'offline', state[4]))
                end
            end
            left = left - #silent
            if left <= 0 then
                break
            end
        end
        i = i + 4
    else
        return redis.error_reply('unknown ingest operation ' .. tostring(op) .. ' at argument ' .. i)
    end
end

flushSeen()
redis.call('XTRIM', stream, 'MINID', '~', minId)
if appended > 0 then
    redis.call('PUBLISH', channel, '{"prev":"' .. prev .. '","first":"' .. first .. '","last":"' .. last .. '"}')
end
local result = { appended }
for j = 1, #refused do
    result[j + 1] = refused[j]
end
return result
