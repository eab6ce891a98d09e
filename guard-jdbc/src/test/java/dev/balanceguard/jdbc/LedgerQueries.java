package dev.balanceguard.jdbc;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * What the JDBC store's tables hold for an account, read straight from them (not through the store), for tests
 * that check the store from the outside.
 */
final class LedgerQueries {

    private static final String NOW_MS = "floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint";

    private LedgerQueries() {}

    /** Live holds (lease not ended on the database's clock). */
    static BigDecimal liveHolds(DataSource ds, String prefix, String account) {
        return sum(
                ds,
                "SELECT coalesce(sum(a), 0) FROM " + prefix + "ledger l, unnest(l.hold_amounts, l.hold_expires) "
                        + "AS x(a, e) WHERE l.account = ? AND e > " + NOW_MS,
                account);
    }

    /** All spend the ledger still keeps (an hour at most, less what a newer reading already showed). */
    static BigDecimal spend(DataSource ds, String prefix, String account) {
        return sum(
                ds,
                "SELECT coalesce(sum(a), 0) FROM " + prefix + "ledger l, unnest(l.spend_amounts) AS y(a) "
                        + "WHERE l.account = ?",
                account);
    }

    private static BigDecimal sum(DataSource ds, String sql, String account) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBigDecimal(1) : BigDecimal.ZERO;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
