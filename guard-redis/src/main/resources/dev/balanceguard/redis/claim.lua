-- claim: KEYS claim, reading; ARGV claimant, lease ms, seen attempt ('' = the caller saw no reading).
-- Returns the server's time when the claim is won; -1 when another replica holds it, or when a reading newer than
-- the one the caller saw was published meanwhile (the caller takes it instead of fetching).
local now = clock()
local attempt = redis.call('HGET', KEYS[2], 'attempt')
if attempt and (ARGV[3] == '' or tonumber(attempt) > tonumber(ARGV[3])) then
  return -1
end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return now
end
return -1
