"""Tokens found by an indexed hash instead of scrypt against every stored token, revocable; each scenario
version records the token that made it.

Revision ID: r0002
Revises: r0001
"""

import sqlalchemy as sa
from alembic import op

revision = "r0002"
down_revision = "r0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tokens") as batch:
        batch.add_column(sa.Column("lookup", sa.String(64), nullable=True))
        batch.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))
        batch.alter_column("salt", existing_type=sa.String(64), nullable=True)
        batch.alter_column("digest", existing_type=sa.String(128), nullable=True)
        batch.create_index("ix_tokens_lookup", ["lookup"], unique=True)
    with op.batch_alter_table("scenarios") as batch:
        batch.add_column(sa.Column("created_by", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("scenarios") as batch:
        batch.drop_column("created_by")
    with op.batch_alter_table("tokens") as batch:
        batch.drop_index("ix_tokens_lookup")
        batch.drop_column("revoked_at")
        batch.drop_column("lookup")
