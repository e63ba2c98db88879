"""plans.form becomes plans.shape: the plein's shape (one day part, spread over the
week, one desk), a name that no longer reads like a WTForms form; values unchanged

Revision ID: 0010_plan_shape
Revises: 0009_notes
Create Date: 2026-12-02 01:30:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010_plan_shape'
down_revision = '0009_notes'
branch_labels = None
depends_on = None


def upgrade():
    # batch mode: SQLite renames a column by copying the table
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.alter_column('form', new_column_name='shape')


def downgrade():
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.alter_column('shape', new_column_name='form')
