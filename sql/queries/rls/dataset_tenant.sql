-- A generated tenant (tests/test_rls_properties.py), inserted by the connecting role.
insert into public.tenants (id, slug, name) values (%(id)s, %(slug)s, %(slug)s)
