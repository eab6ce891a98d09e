package dev.balanceguard.cost;

import dev.balanceguard.Money;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

// TEMPORARY stand-in until the cost branch reaches main; deleted on merge.
public final class RateCard {
    record Row(Channel channel, String prefix, Money price) {
    }

    final List<Row> rows;

    private RateCard(List<Row> rows) {
        this.rows = rows;
    }

    public static RateCard load(Path path) {
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return parse(r, path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RateCard parse(Reader reader, String sourceName) {
        List<Row> rows = new ArrayList<>();
        try {
            BufferedReader br = new BufferedReader(reader);
            br.readLine();
            String line;
            int n = 1;
            while ((line = br.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length < 4) {
                    throw new IllegalArgumentException(sourceName + " line " + n + ": malformed row");
                }
                rows.add(new Row(Channel.valueOf(f[0].trim().toUpperCase(java.util.Locale.ROOT)), f[1].trim(),
                        Money.of(f[2], f[3])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RateCard(rows);
    }

    Money price(Channel channel, String number) {
        String digits = number.startsWith("+") ? number.substring(1) : number;
        Row best = null;
        for (Row row : rows) {
            if (row.channel == channel && (row.prefix.equals("*") ? best == null
                    : digits.startsWith(row.prefix) && (best == null || best.prefix.equals("*")
                    || row.prefix.length() > best.prefix.length()))) {
                best = row;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no " + channel + " rate for " + number);
        }
        return best.price;
    }
}
