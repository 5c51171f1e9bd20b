"""Alembic environment: runs on the connection handed over by ``tmf.store.engine.migrate``."""

from alembic import context

from tmf.store.engine import make_engine
from tmf.store.models import Base

target_metadata = Base.metadata


def run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:  # `alembic` on the command line: the database from TMF_DATABASE_URL
    with make_engine().begin() as own_connection:
        run(own_connection)
