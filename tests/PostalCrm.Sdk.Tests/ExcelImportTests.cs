using System.IO.Compression;
using System.Text;
using ClosedXML.Excel;
using PostalCrm.Sdk.Excel;
using static PostalCrm.Sdk.Tests.ExcelTestFiles;

namespace PostalCrm.Sdk.Tests;

public class ExcelImportTests
{
    [Test]
    public void Template_has_a_marked_frozen_header_and_a_format_sheet()
    {
        using var workbook = new XLWorkbook(new MemoryStream(ExcelTemplateWriter.ToBytes(CustomerSpec)));
        Assert.That(workbook.Worksheets.Select(w => w.Name), Is.EqualTo(new[] { "客户", ExcelSheetSpec.FormatSheetName }));

        var data = workbook.Worksheet("客户");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(data.Row(1).Cells(1, 7).Select(c => c.GetString()),
                Is.EqualTo(new[] { "客户名称*", "联系电话*", "客户级别", "员工人数", "年收入", "建档日期", "综合客户" }));
            Assert.That(data.Cell(1, 1).Style.Font.Bold, Is.True);
            Assert.That(data.SheetView.SplitRow, Is.EqualTo(1), "header row frozen");
            Assert.That(data.Column(1).Width, Is.EqualTo(CustomerSpec.Columns[0].EffectiveWidth).Within(0.01));
            Assert.That(data.Column(2).Style.NumberFormat.Format, Is.EqualTo("@"), "text columns keep leading zeros");
            Assert.That(data.LastRowUsed()!.RowNumber(), Is.EqualTo(1), "no example data in the data sheet");
        }

        var format = workbook.Worksheet(ExcelSheetSpec.FormatSheetName);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(format.Row(1).Cells(1, 6).Select(c => c.GetString()), Is.EqualTo(new[] { "列名", "是否必填", "类型", "长度/取值", "说明", "示例" }));
            Assert.That(format.Row(3).Cells(1, 6).Select(c => c.GetString()),
                Is.EqualTo(new[] { "联系电话", "是", "文本", "最长 20 个字符", "座机或手机", "027-88886666" }));
            Assert.That(format.Cell(4, 4).GetString(), Is.EqualTo("可选值:A、B、C"));
            Assert.That(format.Cell(6, 3).GetString(), Does.Contain("2 位小数"));
            Assert.That(format.Cell(8, 2).GetString(), Is.EqualTo("否"));
        }
    }

    [Test]
    public void Round_trip_template_filled_in_reads_back_typed_values()
    {
        using var file = FilledTemplate(sheet =>
        {
            SetRow(sheet, 2, ValidRow);
            SetRow(sheet, 3, "  邮储银行 ", 13800138000d, null, null, "0.10", "2024/3/5", "否");
        });
        var result = ReadCustomers(file);

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Succeeded, Is.True);
        Assert.That(result.Items, Is.EqualTo(new[]
        {
            new Customer("华信物流", "027-88886666", "A", 120, 12345678.91m, new DateOnly(2024, 3, 5), true),
            new Customer("邮储银行", "13800138000", null, null, 0.10m, new DateOnly(2024, 3, 5), false),
        }));
    }

    [Test]
    public void The_format_sheet_is_never_read_even_first_and_full_of_invalid_rows()
    {
        using var file = FilledTemplate(sheet => SetRow(sheet, 2, ValidRow), workbook =>
        {
            var format = workbook.Worksheet(ExcelSheetSpec.FormatSheetName);
            format.Position = 1;
            format.Cell(20, 1).SetValue("这里不是数据");
            format.Cell(20, 5).SetValue("不是数字");
        });
        var result = ReadCustomers(file);
        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Items, Has.Count.EqualTo(1));
    }

    // Row 5 is the bad one; rows 2-3 are valid and row 4 is empty, so the reported row must be the Excel row number.
    [TestCase(0, "   ", "客户名称", "必填")]
    [TestCase(1, null, "联系电话", "必填")]
    [TestCase(0, "一二三四五六七八九十壹", "客户名称", "长度不能超过 10 个字符(现有 11 个)")]
    [TestCase(2, "D", "客户级别", "只能填写以下值之一:A、B、C")]
    [TestCase(3, "很多", "员工人数", "必须是整数")]
    [TestCase(3, 1.5, "员工人数", "必须是整数")]
    [TestCase(3, -1d, "员工人数", "不能小于 0")]
    [TestCase(4, "十万", "年收入", "必须是数字")]
    [TestCase(4, 1.234, "年收入", "最多 2 位小数")]
    [TestCase(4, "-0.01", "年收入", "不能小于 0")]
    [TestCase(5, "2024-13-01", "建档日期", "必须是日期,如 2024-03-05 或 2024/3/5")]
    [TestCase(5, "明天", "建档日期", "必须是日期,如 2024-03-05 或 2024/3/5")]
    [TestCase(5, 2024d, "建档日期", "必须是日期,如 2024-03-05 或 2024/3/5")]
    [TestCase(6, "对", "综合客户", "只能填写 是 或 否")]
    public void Each_check_reports_row_column_and_message(int column, object? badValue, string header, string message)
    {
        using var file = FilledTemplate(sheet =>
        {
            SetRow(sheet, 2, ValidRow);
            SetRow(sheet, 3, ValidRow);
            SetRow(sheet, 5, ValidRow);
            SetRow(sheet, 5, [.. ValidRow.Take(column), badValue]);
        });
        var result = ReadCustomers(file);

        Assert.That(result.Errors, Is.EqualTo(new[] { new ExcelError(5, header, message) }));
        Assert.That(result.Errors[0].ToString(), Is.EqualTo($"第 5 行 [{header}]: {message}"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Succeeded, Is.False);
            Assert.That(result.RowCount, Is.EqualTo(3), "the empty row 4 is skipped");
            Assert.That(result.Items, Is.Empty, "all or nothing");
        }
    }

    [Test]
    public void Decimals_are_exact()
    {
        // MiniExcel writes doubles in round-trip form, so 0.1 + 0.2 arrives as 0.30000000000000004 — as in a computed cell.
        using var file = MiniSheet("客户",
        [
            CustomerCells(revenue: 0.1), CustomerCells(revenue: 0.2), CustomerCells(revenue: 0.1 + 0.2),
            CustomerCells(revenue: 12345678.91), CustomerCells(revenue: "12,345,678.91"), CustomerCells(revenue: 9999999999999.99m),
        ]);
        var result = ReadCustomers(file);

        Assert.That(result.Errors, Is.Empty);
        var revenues = result.Items.Select(c => c.Revenue!.Value).ToArray();
        Assert.That(revenues, Is.EqualTo(new[] { 0.1m, 0.2m, 0.3m, 12345678.91m, 12345678.91m, 9999999999999.99m }));
        Assert.That(revenues[0] + revenues[1], Is.EqualTo(revenues[2]));
        Assert.That(revenues.Sum(), Is.EqualTo(10000024691358.41m));
    }

    [Test]
    public void Dates_are_read_from_excel_dates_serials_and_text()
    {
        var day = new DateTime(2024, 3, 5);
        using var file = FilledTemplate(sheet =>
        {
            string[] texts = ["2024-03-05", "2024/3/5", "2024-3-5", "2024年3月5日"];
            for (var i = 0; i < texts.Length; i++) SetRow(sheet, 2 + i, [.. ValidRow.Take(5), texts[i]]);
            SetRow(sheet, 6, ValidRow); // a real Excel date
            SetRow(sheet, 7, [.. ValidRow.Take(5), day.ToOADate()]);
            sheet.Cell(7, 6).Style.NumberFormat.NumberFormatId = 31; // Chinese built-in date format: arrives as a plain number
        });
        var result = ReadCustomers(file);

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Items.Select(c => c.Since), Is.EqualTo(Enumerable.Repeat<DateOnly?>(new DateOnly(2024, 3, 5), 6)));
    }

    [Test]
    public void A_missing_column_is_reported_and_no_row_is_read()
    {
        var cells = CustomerCells();
        cells.Remove("联系电话*");
        using var file = MiniSheet("客户", [cells]);
        var result = ReadCustomers(file);

        Assert.That(result.Errors, Is.EqualTo(new[] { new ExcelError(1, "联系电话", "缺少此列,请使用下载的模板,不要修改表头") }));
        Assert.That(result.RowCount, Is.Zero);
    }

    [Test]
    public void Headers_match_by_text_in_any_order_with_or_without_star_and_extra_columns_are_ignored()
    {
        using var file = MiniSheet("客户", [new()
        {
            ["备注"] = "不导入", ["综合客户"] = "Y", [" 联系电话 "] = "110", ["客户名称＊"] = "甲", ["年收入"] = null,
            ["建档日期"] = null, ["员工人数"] = null, ["客户级别"] = "B",
        }]);
        var result = ReadCustomers(file);
        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Items.Single(), Is.EqualTo(new Customer("甲", "110", "B", null, null, null, true)));
    }

    [Test]
    public void Errors_added_by_the_map_function_fail_the_whole_import()
    {
        using var file = MiniSheet("客户", [CustomerCells("甲"), CustomerCells("不存在"), CustomerCells(phone: null), CustomerCells("乙")]);
        var mapped = 0;
        var result = new ExcelRowReader(CustomerSpec).Read(file, row =>
        {
            mapped++;
            if (row.Text("name") == "不存在") row.AddError("name", "客户不存在");
            return ToCustomer(row);
        });

        Assert.That(result.Errors, Is.EqualTo(new[] { new ExcelError(3, "客户名称", "客户不存在"), new ExcelError(4, "联系电话", "必填") }));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(mapped, Is.EqualTo(3), "rows with type errors are not mapped");
            Assert.That(result.Items, Is.Empty);
            Assert.That(result.RowCount, Is.EqualTo(4));
        }
    }

    [Test]
    public void Errors_are_capped_in_the_list_but_all_counted_and_the_report_says_so()
    {
        using var file = MiniSheet("客户", Enumerable.Range(0, 1500).Select(_ => CustomerCells(phone: null)));
        var result = ReadCustomers(file);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ErrorCount, Is.EqualTo(1500));
            Assert.That(result.Errors, Has.Count.EqualTo(1000));
            Assert.That(result.ErrorsTruncated, Is.True);
            Assert.That(result.Errors[^1].Row, Is.EqualTo(1001));
        }

        using var report = new XLWorkbook(new MemoryStream(ExcelErrorReport.ToBytes(result)));
        var sheet = report.Worksheet("错误报告");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sheet.Row(1).Cells(1, 3).Select(c => c.GetString()), Is.EqualTo(new[] { "行号", "列", "错误信息" }));
            Assert.That(sheet.Cell(2, 1).GetValue<int>(), Is.EqualTo(2));
            Assert.That(sheet.Cell(2, 2).GetString(), Is.EqualTo("联系电话"));
            Assert.That(sheet.Cell(2, 3).GetString(), Is.EqualTo("必填"));
            Assert.That(sheet.LastRowUsed()!.RowNumber(), Is.EqualTo(1002));
            Assert.That(sheet.Cell(1002, 3).GetString(), Does.Contain("共 1500 个错误"));
        }
    }

    [Test]
    public void The_error_report_escapes_formula_like_messages()
    {
        using var file = MiniSheet("客户", [CustomerCells("甲")]);
        var result = new ExcelRowReader(CustomerSpec).Read(file, row => { row.AddError("=HYPERLINK(\"http://x\")"); return 0; });
        using var report = new XLWorkbook(new MemoryStream(ExcelErrorReport.ToBytes(result)));
        var cell = report.Worksheet(1).Cell(2, 3);
        Assert.That(cell.HasFormula, Is.False);
        Assert.That(cell.GetString(), Is.EqualTo("'=HYPERLINK(\"http://x\")"));
        Assert.That(report.Worksheet(1).Cell(2, 2).IsEmpty(), Is.True, "a row-level error has no column");
    }

    [Test]
    public void A_text_file_named_xlsx_is_refused_cleanly()
    {
        var text = Encoding.UTF8.GetBytes("客户名称,联系电话\n华信,110\n");
        var result = ReadCustomers(new MemoryStream(text));
        Assert.That(result.Errors, Is.EqualTo(new[] { new ExcelError(0, "", "文件不是有效的 Excel (.xlsx) 文件") }));
        Assert.That(result.Errors[0].ToString(), Is.EqualTo("文件不是有效的 Excel (.xlsx) 文件"));
    }

    [Test]
    public void An_old_xls_file_gets_advice()
    {
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
        Assert.That(ReadCustomers(new MemoryStream(ole)).Errors.Single().Message, Does.Contain(".xls").And.Contain("另存为 .xlsx"));
    }

    [Test]
    public void A_zip_that_is_not_a_workbook_and_a_truncated_workbook_are_refused_cleanly()
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true)) archive.CreateEntry("readme.txt");
        Assert.That(ReadCustomers(new MemoryStream(zip.ToArray())).Errors.Single().Message, Is.EqualTo("文件不是有效的 Excel (.xlsx) 文件"));

        using var file = FilledTemplate(sheet => SetRow(sheet, 2, ValidRow));
        var truncated = file.ToArray()[..(int)(file.Length / 2)];
        var result = ReadCustomers(new MemoryStream(truncated));
        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Errors.Single().Message, Does.Contain("损坏"));
    }

    [Test]
    public void A_workbook_without_the_data_sheet_is_refused_naming_the_sheets_found()
    {
        using var file = MiniSheet("Sheet1", [CustomerCells()]);
        Assert.That(ReadCustomers(file).Errors.Single().Message, Is.EqualTo("找不到工作表「客户」(文件中有:Sheet1),请使用下载的模板"));
    }

    [Test]
    public void A_template_without_data_rows_is_an_error()
    {
        using var file = new MemoryStream(ExcelTemplateWriter.ToBytes(CustomerSpec));
        Assert.That(ReadCustomers(file).Errors.Single().Message, Does.Contain("没有数据行"));
    }

    [Test]
    public void A_workbook_inflating_beyond_the_limit_is_refused()
    {
        using var file = FilledTemplate(sheet => SetRow(sheet, 2, ValidRow));
        var options = new ExcelReadOptions { MaxUncompressedBytes = 1024 * 1024 };
        Assert.That(ReadCustomers(file, options).Succeeded, Is.True, "the same file without padding is within the limit");

        var padded = new MemoryStream();
        file.Position = 0;
        file.CopyTo(padded);
        using (var archive = new ZipArchive(padded, ZipArchiveMode.Update, leaveOpen: true))
        using (var pad = archive.CreateEntry("xl/media/pad.bin", CompressionLevel.Optimal).Open())
            pad.Write(new byte[3 * 1024 * 1024]);
        Assert.That(padded.Length, Is.LessThan(200 * 1024), "highly compressed, like a zip bomb");

        var result = ReadCustomers(padded, options);
        Assert.That(result.Errors.Single().Message, Is.EqualTo("文件解压后超过 1 MB,拒绝处理"));
    }

    [Test]
    public void A_forward_only_upload_stream_is_read()
    {
        using var file = FilledTemplate(sheet => SetRow(sheet, 2, ValidRow));
        using var upload = new ForwardOnlyStream(file.ToArray());
        Assert.That(ReadCustomers(upload).Items.Single().Revenue, Is.EqualTo(12345678.91m));
    }

    [Test]
    public void Typed_accessors_refuse_the_wrong_type_and_specs_refuse_duplicates()
    {
        using var file = MiniSheet("客户", [CustomerCells()]);
        Assert.Throws<InvalidOperationException>(() => new ExcelRowReader(CustomerSpec).Read(file, row => row.Number("name")));
        Assert.Throws<ArgumentException>(() => _ = new ExcelSheetSpec("表", [ExcelColumn.Text("名称", "a"), ExcelColumn.Text("名称", "b")]));
        Assert.Throws<ArgumentException>(() => _ = new ExcelSheetSpec("表", [ExcelColumn.Text("名称", "a"), ExcelColumn.Text("别名", "a")]));
        Assert.Throws<ArgumentException>(() => _ = ExcelColumn.Text("名称*", "a"));
    }
}
