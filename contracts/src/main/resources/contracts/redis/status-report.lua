-- One instance's status report (every service runs this same script, so the layout has one writer):
-- store the report, score the instance by its report time, forget instances silent longer than the forget window.
-- KEYS: 1 the instance's status key, 2 the instances sorted set
-- ARGV: 1 report JSON, 2 member, 3 report time (ms), 4 forget window (ms)
local forgetBefore = tonumber(ARGV[3]) - tonumber(ARGV[4])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. forgetBefore)
return 1
