/* Runs epubcheck on every EPUB named on the command line in one JVM:
 * starting epubcheck costs about 4 s a file, checking one of our small
 * books a few tens of milliseconds once it runs. Prints "ok: FILE" or
 * "FAIL: FILE (...)" for each, epubcheck's own messages on stderr, and
 * exits 1 when any file had a fatal error, an error or a warning.
 * Run it with the single-file launcher (needs a JDK):
 *   java -cp /usr/share/java/epubcheck.jar EpubBatch.java a.epub b.epub */
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

public class EpubBatch {
    public static void main(String[] args) {
        int failed = 0;
        for (String path : args) {
            DefaultReportImpl report = new DefaultReportImpl(path);
            new EpubCheck(new File(path), report).doValidate();
            int fatal = report.getFatalErrorCount(), errors = report.getErrorCount(),
                warnings = report.getWarningCount();
            if (fatal + errors + warnings == 0) {
                System.out.println("ok: " + path);
            } else {
                failed++;
                System.out.println("FAIL: " + path + " (" + fatal + " fatal, " + errors
                                   + " errors, " + warnings + " warnings)");
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
