-- publish: KEYS reading, claim; ARGV claimant, ttl ms, then the reading's field, value pairs.
-- Replaces the reading and ends the claimant's claim (not another's).
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 3, #ARGV - 2))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('DEL', KEYS[2])
end
return 1
