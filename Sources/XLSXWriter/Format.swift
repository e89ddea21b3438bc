import CXlsxWriter

/// A cell format registered in one workbook. Made by `Workbook.addFormat(_:)`; the workbook
/// owns the memory, so a `Format` is only a token to pass back to that workbook's cells.
public struct Format {
  let owner: WorkbookHandle
  let raw: UnsafeMutablePointer<lxw_format>
  /// The properties this format was made from.
  public let spec: FormatSpec

  init(owner: WorkbookHandle, raw: UnsafeMutablePointer<lxw_format>, spec: FormatSpec) {
    self.owner = owner
    self.raw = raw
    self.spec = spec
    apply(spec)
  }

  private func apply(_ spec: FormatSpec) {
    if spec.bold { format_set_bold(raw) }
    if spec.italic { format_set_italic(raw) }
    if let size = spec.fontSize { format_set_font_size(raw, size) }
    if let color = spec.fontColor { format_set_font_color(raw, lxw_color_t(color.rgb)) }
    if let code = spec.numberFormat { format_set_num_format(raw, code) }
    if spec.wrap { format_set_text_wrap(raw) }
    switch spec.border {
    case .none: break
    case .thin: format_set_border(raw, UInt8(LXW_BORDER_THIN.rawValue))
    case .medium: format_set_border(raw, UInt8(LXW_BORDER_MEDIUM.rawValue))
    case .thick: format_set_border(raw, UInt8(LXW_BORDER_THICK.rawValue))
    }
    if let color = spec.borderColor { format_set_border_color(raw, lxw_color_t(color.rgb)) }
    if let fill = spec.fill {
      format_set_pattern(raw, UInt8(LXW_PATTERN_SOLID.rawValue))
      format_set_bg_color(raw, lxw_color_t(fill.rgb))
    }
    switch spec.horizontalAlignment {
    case nil: break
    case .left: format_set_align(raw, UInt8(LXW_ALIGN_LEFT.rawValue))
    case .center: format_set_align(raw, UInt8(LXW_ALIGN_CENTER.rawValue))
    case .right: format_set_align(raw, UInt8(LXW_ALIGN_RIGHT.rawValue))
    case .centerAcross: format_set_align(raw, UInt8(LXW_ALIGN_CENTER_ACROSS.rawValue))
    }
    switch spec.verticalAlignment {
    case nil: break
    case .top: format_set_align(raw, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
    case .center: format_set_align(raw, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
    case .bottom: format_set_align(raw, UInt8(LXW_ALIGN_VERTICAL_BOTTOM.rawValue))
    }
  }
}
