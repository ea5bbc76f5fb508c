import API
import Testing

@Suite struct PrometheusTextTests {
    @Test func writesHelpTypeAndSamplesWithALineFeedAfterEachLine() {
        var out = PrometheusText()
        out.family("srs_clients", .gauge, help: "The number of SRS concurrent clients.")
        out.sample("srs_clients", Int64(3))
        out.sample("srs_x", Int64(-2), labels: [("a", "1"), ("b", "")])
        #expect(out.text == """
            # HELP srs_clients The number of SRS concurrent clients.
            # TYPE srs_clients gauge
            srs_clients 3
            srs_x{a="1",b=""} -2

            """)
    }

    @Test func escapesBackslashQuoteAndLineFeedInLabelValues() {
        #expect(PrometheusText.escapeLabelValue(#"live\"s"# + "\n2") == #"live\\\"s\n2"#)
        #expect(PrometheusText.escapeLabelValue("plain/stream.flv?x=1") == "plain/stream.flv?x=1")
        #expect(PrometheusText.escapeLabelValue("直播") == "直播")
        var out = PrometheusText()
        out.sample("m", Int64(1), labels: [("stream", "a\"b")])
        #expect(out.text == "m{stream=\"a\\\"b\"} 1\n")
    }

    @Test func escapesBackslashAndLineFeedButNotQuotesInHelp() {
        #expect(PrometheusText.escapeHelp("a \"b\" \\ c\nd") == "a \"b\" \\\\ c\\nd")
    }

    @Test(arguments: [
        (0.0, "0"), (12.0, "12"), (-3.0, "-3"), (0.5, "0.5"), (1.3333333333333333, "1.3333333333333333"),
        (0.00001, "1e-05"), (1e20, "1e+20"), (Double.nan, "NaN"), (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"),
    ])
    func formatsFloatsAsGoParsesThem(value: Double, text: String) {
        #expect(PrometheusText.format(value) == text)
    }

    @Test func theContentTypeNamesVersion004() {
        #expect(PrometheusText.contentType == "text/plain; version=0.0.4; charset=utf-8")
    }
}
