-- publish: KEYS reading, claim; ARGV claimant, ttl ms, the reading's attempt ms, then its field, value pairs.
-- Replaces the reading unless the one stored is newer (a later attempt), and ends the claimant's claim (not
-- another's) either way.
local stored = redis.call('HGET', KEYS[1], 'attempt')
if not stored or tonumber(stored) <= tonumber(ARGV[3]) then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], unpack(ARGV, 4, #ARGV - 2))
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
if redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('DEL', KEYS[2])
end
return 1
