/**
 * Every fix applied to pptxgenjs's output, in the order they run. Part
 * fixes run on each part they name, in this order, on one parse of the part.
 */
import { CHART_FIXES } from './charts.js';
import type { PackageFix, PartFix } from './fix.js';
import { PACKAGE_FIXES } from './package.js';
import { PROPERTY_FIXES } from './properties.js';
import { SLIDE_FIXES } from './slides.js';
import { WORKBOOK_FIXES, WORKBOOK_PACKAGE_FIXES } from './workbook.js';

export const PART_FIXES: readonly PartFix[] = [...PROPERTY_FIXES, ...SLIDE_FIXES, ...CHART_FIXES, ...WORKBOOK_FIXES];

export const ALL_PACKAGE_FIXES: readonly PackageFix[] = [...PACKAGE_FIXES, ...WORKBOOK_PACKAGE_FIXES];

export type { FixContext, PackageFix, PartFix } from './fix.js';
