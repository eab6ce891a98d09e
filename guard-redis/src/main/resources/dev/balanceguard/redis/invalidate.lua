-- invalidate: KEYS reading. Marks an existing reading due; creates nothing.
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'invalidated', '1')
  return 1
end
return 0
