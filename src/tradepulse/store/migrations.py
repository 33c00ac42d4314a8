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
    (
        "0003_reload_in_one_transaction",
        # DuckDB checks a foreign key against rows deleted earlier in the same transaction as
        # if they were still there, so a reload (delete the embedded releases, load them
        # again) could not be one transaction while observations referenced releases: the
        # tables are rebuilt without the foreign key (the single writer deletes children
        # first, and `validate` reports orphans). A release is identified by its figures and
        # its publication date, so a later re-publication of earlier figures is a vintage of
        # its own. Among releases published the same day with the same precision, a user's
        # own ingest goes before the embedded dataset, so a reload (which renumbers the
        # embedded releases) never changes the figure in force.
        """
        CREATE TABLE releases_0003 (
            release_id    INTEGER PRIMARY KEY DEFAULT nextval('release_id_seq'),
            publisher     VARCHAR NOT NULL,
            table_id      VARCHAR NOT NULL,
            title         VARCHAR NOT NULL,
            source        VARCHAR NOT NULL,
            published     DATE,
            status        VARCHAR NOT NULL,
            content_hash  VARCHAR NOT NULL,
            source_format VARCHAR NOT NULL,
            authority     INTEGER NOT NULL,
            cites         VARCHAR,
            notes         VARCHAR NOT NULL DEFAULT '',
            embedded      BOOLEAN NOT NULL DEFAULT FALSE,
            ingested_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
            UNIQUE (content_hash, published)
        );
        INSERT INTO releases_0003 SELECT * FROM releases;
        CREATE TABLE observations_0003 (
            release_id       INTEGER NOT NULL,
            reporter         VARCHAR NOT NULL,
            flow             VARCHAR NOT NULL CHECK (flow IN ('export', 'import', 'total')),
            partner          VARCHAR NOT NULL,
            breakdown_kind   VARCHAR NOT NULL,
            breakdown_scheme VARCHAR NOT NULL,
            breakdown_code   VARCHAR NOT NULL,
            breakdown_label  VARCHAR NOT NULL,
            period           VARCHAR NOT NULL,
            period_kind      VARCHAR NOT NULL CHECK (period_kind IN ('month', 'ytd')),
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
        INSERT INTO observations_0003 SELECT * FROM observations;
        DROP TABLE observations;
        DROP TABLE releases;
        ALTER TABLE releases_0003 RENAME TO releases;
        ALTER TABLE observations_0003 RENAME TO observations;

        CREATE OR REPLACE MACRO vintages(as_of) AS TABLE
        SELECT o.*, r.publisher, r.table_id, r.title, r.source, r.published, r.status,
               r.authority, r.cites,
               row_number() OVER (
                   PARTITION BY o.reporter, o.flow, o.partner, o.breakdown_kind,
                                o.breakdown_scheme, o.breakdown_code, o.period,
                                o.period_kind, o.currency, o.measure
                   ORDER BY r.authority,
                            date_trunc('month', r.published) DESC NULLS LAST,
                            o.resolution, r.published DESC, r.embedded, r.release_id DESC
               ) AS vintage_rank
        FROM observations o JOIN releases r USING (release_id)
        WHERE (as_of IS NULL OR r.published <= CAST(as_of AS DATE)) AND r.authority < 3;
        """,
    ),
)

_KEY = """reporter, flow, partner, breakdown_kind, breakdown_scheme, breakdown_code, period,
          period_kind, currency, measure"""
_SAME_KEY = " AND ".join(f"a.{k} = b.{k}" for k in _KEY.replace(",", " ").split())
_RELEASE_COLUMNS = """release_id, publisher, table_id, title, source, published, status,
            content_hash, source_format, authority, cites, notes, embedded, ingested_at"""

MIGRATIONS += (
    (
        "0004_source_tiers",
        # Every release gets its source tier (sources/tiers.py) and the identity of the
        # source that wrote it. DuckDB cannot add a NOT NULL or CHECK column to a table
        # another references, so releases and observations are rebuilt in place. Releases
        # stored before this migration are tiered from their authority (table 1, official
        # quote 2, anything else 4) with the publisher as identity; `tradepulse data reload`
        # re-tiers the embedded dataset by the full policy.
        f"""
        CREATE TEMP TABLE releases_0002 AS SELECT * FROM releases;
        CREATE TEMP TABLE observations_0002 AS SELECT * FROM observations;
        DROP TABLE observations;
        DROP TABLE releases;
        CREATE TABLE releases (
            release_id      INTEGER PRIMARY KEY DEFAULT nextval('release_id_seq'),
            publisher       VARCHAR NOT NULL,
            table_id        VARCHAR NOT NULL,
            title           VARCHAR NOT NULL,
            source          VARCHAR NOT NULL,
            published       DATE,
            status          VARCHAR NOT NULL,
            content_hash    VARCHAR NOT NULL,
            source_format   VARCHAR NOT NULL,
            authority       INTEGER NOT NULL,
            tier            INTEGER NOT NULL CHECK (tier BETWEEN 1 AND 4),
            source_identity VARCHAR NOT NULL,
            source_kind     VARCHAR NOT NULL CHECK (source_kind IN
                                ('publisher', 'official', 'state_agency', 'wire', 'outlet')),
            cites           VARCHAR,
            notes           VARCHAR NOT NULL DEFAULT '',
            embedded        BOOLEAN NOT NULL DEFAULT FALSE,
            ingested_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
            UNIQUE (content_hash, published)
        );
        INSERT INTO releases ({_RELEASE_COLUMNS}, tier, source_identity, source_kind)
        SELECT {_RELEASE_COLUMNS},
               CASE authority WHEN 0 THEN 1 WHEN 1 THEN 2 ELSE 4 END,
               publisher,
               CASE authority WHEN 0 THEN 'publisher' WHEN 1 THEN 'official' ELSE 'outlet' END
        FROM releases_0002;
        CREATE TABLE observations (
            release_id       INTEGER NOT NULL,  -- no foreign key: see 0003
            reporter         VARCHAR NOT NULL,
            flow             VARCHAR NOT NULL CHECK (flow IN ('export', 'import', 'total')),
            partner          VARCHAR NOT NULL,
            breakdown_kind   VARCHAR NOT NULL,
            breakdown_scheme VARCHAR NOT NULL,
            breakdown_code   VARCHAR NOT NULL,
            breakdown_label  VARCHAR NOT NULL,
            period           VARCHAR NOT NULL,
            period_kind      VARCHAR NOT NULL CHECK (period_kind IN ('month', 'ytd')),
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
        INSERT INTO observations SELECT * FROM observations_0002;
        DROP TABLE observations_0002;
        DROP TABLE releases_0002;
        """,
    ),
    (
        "0005_in_force_by_tier",
        # The figure in force for each key (docs/data-model.md):
        #   - errata (authority 3) are never in force; `as_of` hides releases published
        #     after it (and those with no known date);
        #   - corroboration: how many independent sources (source_identity) give a figure
        #     that agrees with this one within both figures' rounding;
        #   - a tier-4 figure fewer than two sources agree on is `reported`: stored, never
        #     in force, never a vintage;
        #   - among the rest: the lowest tier, then the latest release (reports published in
        #     one month retell one release), then the most independent sources agreeing,
        #     then the publisher before officials, a Chinese state agency before a foreign
        #     wire, then the most precise figure, then the latest.
        f"""
        CREATE OR REPLACE MACRO vintages(as_of) AS TABLE
        WITH o AS (
            SELECT o.*, r.publisher, r.table_id, r.title, r.source, r.published, r.status,
                   r.authority, r.cites, r.tier, r.source_identity, r.source_kind, r.embedded,
                   row_number() OVER () AS obs_no, hash({_KEY}) AS key_hash
            FROM observations o JOIN releases r USING (release_id)
            WHERE (as_of IS NULL OR r.published <= CAST(as_of AS DATE)) AND r.authority < 3
        ),
        agree AS (
            -- joined on the key's hash (three times faster), the key itself compared after
            SELECT a.obs_no, count(DISTINCT b.source_identity) AS corroboration
            FROM o a JOIN o b ON a.key_hash = b.key_hash
            WHERE {_SAME_KEY}
              AND abs(a.value - b.value) <= (a.resolution + b.resolution) / 2
                                            + 1e-9 * abs(a.value)
            GROUP BY a.obs_no
        ),
        s AS (
            SELECT o.*, agree.corroboration,
                   o.tier = 4 AND agree.corroboration < 2 AS lone
            FROM o JOIN agree USING (obs_no)
        ),
        ranked AS (
            SELECT s.*, row_number() OVER (
                       PARTITION BY {_KEY}, lone
                       ORDER BY tier,
                                date_trunc('month', published) DESC NULLS LAST,
                                corroboration DESC,
                                CASE source_kind WHEN 'publisher' THEN 0 WHEN 'official' THEN 1
                                     WHEN 'state_agency' THEN 2 WHEN 'wire' THEN 3 ELSE 4 END,
                                resolution, published DESC, embedded, release_id DESC
                   ) AS rank_in_group
            FROM s
        )
        SELECT * EXCLUDE (obs_no, key_hash, lone, rank_in_group, embedded),
               CASE WHEN lone THEN 'reported' WHEN rank_in_group = 1 THEN 'in_force'
                    ELSE 'superseded' END AS standing,
               CASE WHEN lone THEN NULL ELSE rank_in_group END AS vintage_rank
        FROM ranked;

        CREATE OR REPLACE MACRO latest(as_of) AS TABLE
        SELECT * EXCLUDE (vintage_rank) FROM vintages(as_of) WHERE standing = 'in_force';
        """,
    ),
)

MIGRATIONS += (
    (
        "0006_balance_flow",
        # A balance as its source publishes it (MOFCOM's data centre, GACC's total table)
        # is a flow of its own. It comes after the source tiers (0004), which rebuild
        # observations with the older flow constraint. DuckDB cannot alter a CHECK
        # constraint, so the table is rebuilt with the wider one in one transaction: rows
        # copied aside, table dropped and created afresh, rows copied back. Still no
        # foreign key (0003: a reload must be one transaction).
        """
        CREATE TABLE observations_before_0006 AS SELECT * FROM observations;
        DROP TABLE observations;
        CREATE TABLE observations (
            release_id       INTEGER NOT NULL,
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
        INSERT INTO observations SELECT * FROM observations_before_0006;
        DROP TABLE observations_before_0006;
        """,
    ),
)

MIGRATIONS += (
    (
        "0007_store_meta",
        # Facts about the store itself, e.g. which version of the embedded dataset (its
        # files and the tier policy that tiers them) it holds, so that a newer tradepulse
        # reloads an older embedded dataset by itself (api.ensure_data).
        """
        CREATE TABLE store_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
        """,
    ),
)
