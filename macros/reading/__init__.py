"""Reading-activity data (读书记录): schemas of the tables, the checked records, and the statistics computed from them."""
