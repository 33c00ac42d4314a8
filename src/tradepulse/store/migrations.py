"""Named, ordered schema migrations. Append only: never edit one that has shipped."""

from __future__ import annotations

MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "0001_releases_and_observations",
        """
        CREATE SEQUENCE release_id_seq START 1;
        CREATE TABLE releases (
            release_id    INTEGER PRIMARY KEY DEFAULT nextval('release_id_seq'),
            publisher     VARCHAR NOT NULL,
            table_id      VARCHAR NOT NULL,
            title         VARCHAR NOT NULL,
            source        VARCHAR NOT NULL,
            published     DATE,
            status        VARCHAR NOT NULL,
            content_hash  VARCHAR NOT NULL UNIQUE,
            source_format VARCHAR NOT NULL,
            authority     INTEGER NOT NULL,
            cites         VARCHAR,
            notes         VARCHAR NOT NULL DEFAULT '',
            embedded      BOOLEAN NOT NULL DEFAULT FALSE,
            ingested_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
        );
        CREATE TABLE observations (
            release_id       INTEGER NOT NULL REFERENCES releases (release_id),
            reporter         VARCHAR NOT NULL,
            flow             VARCHAR NOT NULL CHECK (flow IN ('export', 'import', 'total')),
            partner          VARCHAR NOT NULL,
            breakdown_kind   VARCHAR NOT NULL,
            breakdown_scheme VARCHAR NOT NULL,
            breakdown_code   VARCHAR NOT NULL,
            breakdown_label  VARCHAR NOT NULL,
            period           VARCHAR NOT NULL,
            period_kind      VARCHAR NOT NULL CHECK (period_kind IN ('month', 'ytd')),
            -- quantities are currency-free; '' marks one quoted without a currency edition
            currency         VARCHAR NOT NULL,
            measure          VARCHAR NOT NULL,
            unit             VARCHAR NOT NULL,
            value            DOUBLE NOT NULL,
            resolution       DOUBLE NOT NULL,
            source_row       VARCHAR NOT NULL,
            source_col       INTEGER NOT NULL,
            CHECK (currency IN ('CNY', 'USD')
                   OR (currency = '' AND measure LIKE 'quantity%'))
        );
        """,
    ),
    (
        "0002_latest_vintage_macro",
        # The figure in force for each key: official tables before quoted figures, then the
        # most recently published release; among reports published in the same month (the
        # same GACC release retold), the most precise figure. `as_of` hides releases
        # published after it; releases with no known publication date are then hidden too.
        # Figures marked as misprints (authority 3) stay stored but are never in force.
        """
        CREATE MACRO vintages(as_of) AS TABLE
        SELECT o.*, r.publisher, r.table_id, r.title, r.source, r.published, r.status,
               r.authority, r.cites,
               row_number() OVER (
                   PARTITION BY o.reporter, o.flow, o.partner, o.breakdown_kind,
                                o.breakdown_scheme, o.breakdown_code, o.period,
                                o.period_kind, o.currency, o.measure
                   ORDER BY r.authority,
                            date_trunc('month', r.published) DESC NULLS LAST,
                            o.resolution, r.published DESC, r.release_id DESC
               ) AS vintage_rank
        FROM observations o JOIN releases r USING (release_id)
        WHERE (as_of IS NULL OR r.published <= CAST(as_of AS DATE)) AND r.authority < 3;

        CREATE MACRO latest(as_of) AS TABLE
        SELECT * EXCLUDE (vintage_rank) FROM vintages(as_of) WHERE vintage_rank = 1;
        """,
    ),
)

MIGRATIONS += (
    (
        "0005_balance_flow",
        # A balance as its source publishes it (MOFCOM's data centre, GACC's total table)
        # is a flow of its own. It comes after the source tiers (0003, 0004), which
        # rebuild observations with the older flow constraint. DuckDB cannot alter a CHECK
        # constraint, so the table is rebuilt with the wider one in one transaction: rows
        # copied aside, table dropped
        # and created afresh under its own name (a renamed table would leave the foreign
        # key's bookkeeping pointing at the old name), rows copied back.
        """
        CREATE TABLE observations_before_0005 AS SELECT * FROM observations;
        DROP TABLE observations;
        CREATE TABLE observations (
            release_id       INTEGER NOT NULL REFERENCES releases (release_id),
            reporter         VARCHAR NOT NULL,
            flow             VARCHAR NOT NULL
                             CHECK (flow IN ('export', 'import', 'total', 'balance')),
            partner          VARCHAR NOT NULL,
            breakdown_kind   VARCHAR NOT NULL,
            breakdown_scheme VARCHAR NOT NULL,
            breakdown_code   VARCHAR NOT NULL,
            breakdown_label  VARCHAR NOT NULL,
            period           VARCHAR NOT NULL,
            period_kind      VARCHAR NOT NULL CHECK (period_kind IN ('month', 'ytd')),
            -- quantities are currency-free; '' marks one quoted without a currency edition
            currency         VARCHAR NOT NULL,
            measure          VARCHAR NOT NULL,
            unit             VARCHAR NOT NULL,
            value            DOUBLE NOT NULL,
            resolution       DOUBLE NOT NULL,
            source_row       VARCHAR NOT NULL,
            source_col       INTEGER NOT NULL,
            CHECK (currency IN ('CNY', 'USD')
                   OR (currency = '' AND measure LIKE 'quantity%'))
        );
        INSERT INTO observations SELECT * FROM observations_before_0005;
        DROP TABLE observations_before_0005;
        """,
    ),
)
