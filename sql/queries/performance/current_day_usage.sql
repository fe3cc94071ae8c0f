select * from current_day_usage
