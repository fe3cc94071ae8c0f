-- An UPDATE of one column of one row, and the row's updated_at afterwards.
update {table} set {column} = %(value)s where id = %(id)s returning updated_at
