-- The state of the devices a subscription snapshot shows, in ONE call, bounded before any device hash is read:
-- by the listed ids, or by the location index (only the devices in the asked scopes) and the cap.
-- Layout: io.pulse.contracts.RedisLayout; caller: io.pulse.contracts.DeviceSnapshotRead.
--
-- KEYS: mode 'ids': none; mode 'scopes': the location-index sets to read (pulse:location:<scope>), at least one;
--       mode 'all': none
-- ARGV: 1 mode, 2 cap, 3 device key prefix, 4 device index (sorted set by last seen), 5 number k of device types
--       (0 = any type), 6..5+k the types, then in mode 'ids' the device ids
-- Returns {total, id, hash, id, hash, ...} with each hash as HGETALL gives it (field, value, ...):
--   mode 'ids': every listed device that has a hash (the caller filters and caps; the list is bounded by the
--   subscription filter's own limit), total = how many;
--   other modes: the at most cap indexed devices of the right type, most recently seen first, and total = how many
--   devices matched before the cap.
local mode, cap, prefix, index = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local typeCount = tonumber(ARGV[5])
local types = nil
if typeCount > 0 then
    types = {}
    for i = 1, typeCount do
        types[ARGV[5 + i]] = true
    end
end

local function ofType(id)
    if types == nil then
        return true
    end
    local deviceType = redis.call('HGET', prefix .. id, 'deviceType')
    return deviceType and types[deviceType] == true
end

local out = { 0 }
local function add(id, hash)
    out[#out + 1] = id
    out[#out + 1] = hash
end

if mode == 'ids' then
    for i = 6 + typeCount, #ARGV do
        local hash = redis.call('HGETALL', prefix .. ARGV[i])
        if #hash > 0 then
            add(ARGV[i], hash)
        end
    end
    out[1] = (#out - 1) / 2
    return out
end

local chosen, total = {}, 0
if mode == 'all' and types == nil then
    total = redis.call('ZCARD', index)
    chosen = redis.call('ZREVRANGE', index, 0, cap - 1)
elseif mode == 'all' then
    for _, id in ipairs(redis.call('ZREVRANGE', index, 0, -1)) do
        if ofType(id) then
            total = total + 1
            if #chosen < cap then
                chosen[#chosen + 1] = id
            end
        end
    end
elseif mode == 'scopes' then
    local members = redis.call('SUNION', unpack(KEYS))
    local seen = {}
    -- in slices: unpack is bounded by the Lua stack
    for from = 1, #members, 500 do
        local slice = { unpack(members, from, math.min(#members, from + 499)) }
        local scores = redis.call('ZMSCORE', index, unpack(slice))
        for i, id in ipairs(slice) do
            if scores[i] and ofType(id) then
                seen[#seen + 1] = { id, tonumber(scores[i]) }
            end
        end
    end
    total = #seen
    -- most recently seen first, ties as ZREVRANGE orders them (id descending)
    table.sort(seen, function(a, b)
        if a[2] ~= b[2] then
            return a[2] > b[2]
        end
        return a[1] > b[1]
    end)
    for i = 1, math.min(cap, #seen) do
        chosen[i] = seen[i][1]
    end
else
    return redis.error_reply('unknown snapshot mode ' .. tostring(mode))
end

out[1] = total
for _, id in ipairs(chosen) do
    add(id, redis.call('HGETALL', prefix .. id))
end
return out
