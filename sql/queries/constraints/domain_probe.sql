-- A domain probe: one value written to one column of a seeded row (the test's rollback undoes it).
update {table} set {column} = %(value)s
 where id = (select t.id from {table} t order by t.id limit 1)
