-- epoch: KEYS (the epoch only). Reports the account's epoch and the time, writing the epoch if there is none.
return {}
