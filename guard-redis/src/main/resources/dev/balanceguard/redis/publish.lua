-- publish: KEYS reading, claim; ARGV claimant, ttl ms, the reading's attempt ms, the attempt of the reading it
-- succeeds ('*' = any not newer; '' = none stored), then its field, value pairs.
-- Replaces the reading unless the one stored is newer (a later attempt) or, given the one it succeeds, unless the one
-- stored is another; ends the claimant's claim (not another's) either way. Returns 1 when the reading was stored.
local stored = redis.call('HGET', KEYS[1], 'attempt')
local store
if ARGV[4] == '*' then
  store = not stored or tonumber(stored) <= tonumber(ARGV[3])
elseif ARGV[4] == '' then
  store = not stored
else
  store = stored == ARGV[4]
end
if store then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], unpack(ARGV, 5, #ARGV - 2))
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
if redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('DEL', KEYS[2])
end
if store then
  return 1
end
return 0
